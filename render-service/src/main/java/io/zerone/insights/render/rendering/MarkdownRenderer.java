package io.zerone.insights.render.rendering;

import java.util.List;

import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.parser.PostProcessor;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown (CommonMark plus GFM tables, autolinks and heading anchors) to HTML. The output is not safe yet: raw
 * HTML passes through on purpose, so that {@link HtmlSanitizer} judges every tag in one place.
 */
final class MarkdownRenderer {

    /**
     * Cells a table may have. Its rows are padded to the header's width, so 5.8 KB of Markdown (a header of 1,000
     * columns over 900 one-word lines) made 900,000 cells and 9 MB of HTML, and the parser's own default allows a
     * million a table. 10,000 is 500 rows of twenty columns; the parser gives up on a body with a larger table,
     * which then goes to the dead-letter topic with the parser's reason.
     */
    static final int MAX_TABLE_CELLS = 10_000;

    /**
     * The most HTML a body may render to, in characters: as much as the producer's record limit (4 MiB) could ever
     * hold, so stopping here rejects only pages that would be dead-lettered after rendering anyway. A few kilobytes
     * can otherwise render to tens of megabytes (a long link reference used ten thousand times), and jsoup's tree
     * of them outgrows render-service's heap: the JVM exits on OutOfMemoryError, restarts, reads the same record
     * and exits again, and every partition stops. Past the bound the body fails as any unrenderable one does, to
     * the dead-letter topic with its reason.
     */
    static final int MAX_HTML_CHARS = 4 * 1024 * 1024;

    private static final List<Extension> EXTENSIONS = List.of(
            TablesExtension.builder().maxCells(MAX_TABLE_CELLS).build(),
            AutolinkExtension.create(),
            // the prefix keeps author headings from taking ids of the layout, such as "main"
            HeadingAnchorExtension.builder().idPrefix(HtmlSanitizer.ANCHOR_PREFIX).build());

    // both are immutable and thread-safe, so one instance serves every listener thread
    private final Parser parser = Parser.builder().extensions(EXTENSIONS).postProcessor(new HeadingsBelowTitle()).build();
    private final HtmlRenderer html = HtmlRenderer.builder().extensions(EXTENSIONS).sanitizeUrls(true).build();

    /**
     * @throws IllegalArgumentException for a body with a table past {@link #MAX_TABLE_CELLS} or whose HTML would pass
     *         {@link #MAX_HTML_CHARS}
     */
    String toHtml(String markdown) {
        BoundedHtml out = new BoundedHtml(new StringBuilder());
        html.render(parser.parse(markdown), out);
        return out.html().toString();
    }

    /** Fails the rendering as soon as the HTML passes the bound, before any more of it is made. */
    private record BoundedHtml(StringBuilder html) implements Appendable {

        @Override
        public Appendable append(CharSequence text) {
            return append(text, 0, text.length());
        }

        @Override
        public Appendable append(CharSequence text, int start, int end) {
            room(end - start);
            html.append(text, start, end);
            return this;
        }

        @Override
        public Appendable append(char c) {
            room(1);
            html.append(c);
            return this;
        }

        private void room(int more) {
            if (html.length() + more > MAX_HTML_CHARS) {
                throw new IllegalArgumentException("the body renders to more than " + MAX_HTML_CHARS / (1024 * 1024)
                        + " Mi characters of HTML");
            }
        }
    }

    /** The page's h1 is the insight's title, so a "# heading" in the body moves every heading one level down. */
    private static final class HeadingsBelowTitle implements PostProcessor {

        @Override
        public Node process(Node document) {
            boolean[] hasTopLevel = {false};
            document.accept(new AbstractVisitor() {
                @Override
                public void visit(Heading heading) {
                    hasTopLevel[0] |= heading.getLevel() == 1;
                }
            });
            if (hasTopLevel[0]) {
                document.accept(new AbstractVisitor() {
                    @Override
                    public void visit(Heading heading) {
                        heading.setLevel(Math.min(heading.getLevel() + 1, 6));
                    }
                });
            }
            return document;
        }
    }
}
