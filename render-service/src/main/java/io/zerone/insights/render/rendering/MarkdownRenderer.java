package io.zerone.insights.render.rendering;

import java.util.List;
import java.util.regex.Pattern;

import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
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
     * Cells all the tables of a body may have together. A row is padded to its table's header, so 5.8 KB of Markdown
     * (a header of 1,000 columns over 900 one-word lines) made 900,000 cells and 9 MB of HTML; the parser builds
     * every table before anything is rendered, and its own bound (a million by default) counts one table at a time.
     * 100,000 empty cells take ~5 MB of the heap; 2,000 rows of fifty columns fit.
     */
    static final int MAX_TABLE_CELLS = 100_000;

    /** A cell of a GFM table's delimiter row ({@code |---|:-:|}), which says how many cells each row has. */
    private static final Pattern DELIMITER_CELL = Pattern.compile("[ \\t]*:?-+:?[ \\t]*");

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
            // a second net behind tableCells: the parser gives up on a table past it
            TablesExtension.builder().maxCells(MAX_TABLE_CELLS).build(),
            // ~~text~~ only, as GitHub renders it: a single ~ stays a tilde ("~5 ms")
            StrikethroughExtension.builder().requireTwoTildes(true).build(),
            AutolinkExtension.create(),
            // the prefix keeps author headings from taking ids of the layout, such as "main"
            HeadingAnchorExtension.builder().idPrefix("h-").build());

    // both are immutable and thread-safe, so one instance serves every listener thread
    private final Parser parser = Parser.builder().extensions(EXTENSIONS).postProcessor(new HeadingsBelowTitle()).build();
    private final HtmlRenderer html = HtmlRenderer.builder().extensions(EXTENSIONS).sanitizeUrls(true).build();

    /**
     * @throws IllegalArgumentException for a body whose tables pass {@link #MAX_TABLE_CELLS} or whose HTML would pass
     *         {@link #MAX_HTML_CHARS}
     */
    String toHtml(String markdown) {
        if (tableCells(markdown) > MAX_TABLE_CELLS) {
            throw new IllegalArgumentException("the body's tables have more than " + MAX_TABLE_CELLS
                    + " cells together (each row has as many as its table's header)");
        }
        BoundedHtml out = new BoundedHtml(new StringBuilder());
        html.render(parser.parse(markdown), out);
        return out.html().toString();
    }

    /**
     * At least the cells the tables of the body make: each delimiter row's width times the lines of its table, the
     * header and every line up to the next blank one (a line after a table continues it). One pass over the lines.
     */
    static long tableCells(String markdown) {
        if (markdown.indexOf('|') < 0) {
            return 0; // most bodies: no table, and no list of their lines to make
        }
        List<String> lines = markdown.lines().toList();
        long cells = 0;
        for (int i = 0; i < lines.size(); i++) {
            int width = delimiterWidth(lines.get(i));
            if (width == 0) {
                continue;
            }
            int rows = 1;
            while (i + 1 < lines.size() && !lines.get(i + 1).isBlank()) {
                rows++;
                i++;
            }
            cells += (long) width * rows;
        }
        return cells;
    }

    /** The cells of a delimiter row, or 0 for any other line. Cell by cell: one pattern for the row recurses per cell. */
    private static int delimiterWidth(String line) {
        if (line.indexOf('|') < 0 || line.indexOf('-') < 0) {
            return 0;
        }
        String row = line.strip();
        row = row.startsWith("|") ? row.substring(1) : row;
        row = row.endsWith("|") ? row.substring(0, row.length() - 1) : row;
        String[] cells = row.split("\\|", -1);
        for (String cell : cells) {
            if (!DELIMITER_CELL.matcher(cell).matches()) {
                return 0;
            }
        }
        return cells.length;
    }

    /** Fails the rendering as soon as the HTML passes the bound, before any more of it is made. */
    private record BoundedHtml(StringBuilder html) implements Appendable {

        @Override
        public Appendable append(CharSequence text) {
            room(text.length());
            html.append(text); // a String's own path, which copies its array: the ranged one goes char by char
            return this;
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
