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

    private static final List<Extension> EXTENSIONS = List.of(
            TablesExtension.create(),
            AutolinkExtension.create(),
            // the prefix keeps author headings from taking ids of the layout, such as "main"
            HeadingAnchorExtension.builder().idPrefix("h-").build());

    // both are immutable and thread-safe, so one instance serves every listener thread
    private final Parser parser = Parser.builder().extensions(EXTENSIONS).postProcessor(new HeadingsBelowTitle()).build();
    private final HtmlRenderer html = HtmlRenderer.builder().extensions(EXTENSIONS).sanitizeUrls(true).build();

    String toHtml(String markdown) {
        return html.render(parser.parse(markdown));
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
