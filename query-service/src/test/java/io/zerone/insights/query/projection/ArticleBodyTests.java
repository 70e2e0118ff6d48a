package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class ArticleBodyTests {

    private static final String HEAD = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title>"
            + "</head><body><main><article class=\"insight\"><header><h1>Title</h1></header>";
    private static final String TAIL = "</article></main><footer><div>footer</div></footer></body></html>";

    @Test
    void takesTheBodyDivOfRenderServicesArticle() {
        String page = "<!DOCTYPE html><html><head><title>t</title></head><body><main><article class=\"insight\">"
                + "<header><h1>Title</h1></header><div class=\"body\"><p>The <em>body</em>.</p></div></article>"
                + "</main></body></html>";

        assertThat(ArticleBody.of(page)).isEqualTo("<p>The <em>body</em>.</p>");
    }

    @Test
    void fallsBackToTheMainElement() {
        assertThat(ArticleBody.of("<html><body><main><p>Only main</p></main></body></html>"))
                .isEqualTo("<p>Only main</p>");
    }

    @Test
    void cutsTheMarkedElementWithoutParsingThePage() {
        String page = HEAD + "<div class=\"body\" data-insight-body><h2 id=\"h-a\">A</h2><p>One</p></div>" + TAIL;

        assertThat(ArticleBody.marked(page)).isEqualTo("<h2 id=\"h-a\">A</h2><p>One</p>");
    }

    @Test
    void theCutAgreesWithTheParserOnWhatRenderServiceWrites() {
        List<String> bodies = List.of(
                "<p>Plain</p>",
                "<div><div>nested <div>twice</div></div></div><p>after</p>",
                "<p><a href=\"https://example.org/?a=1&amp;b=2\" title=\"a &gt; b, and </div> in a value\" rel=\"noopener noreferrer\">x</a></p>",
                "<pre><code class=\"language-html\">&lt;div data-insight-body&gt;&lt;/div&gt;</code></pre>",
                "<table><thead><tr><th align=\"left\">k</th></tr></thead><tbody><tr><td>v</td></tr></tbody></table>",
                "<p>Ünïcödé — “quotes” ≠ 91 %</p><img src=\"/a.png\" alt=\"<div>\">",
                "<DIV>upper</DIV><p>text with a < b and c > d</p>",
                "");

        for (String body : bodies) {
            String page = HEAD + "<div class=\"body\" data-insight-body>" + body + "</div>" + TAIL;

            String cut = ArticleBody.marked(page);

            assertThat(cut).as(body).isNotNull();
            assertThat(normalised(cut)).as(body).isEqualTo(normalised(jsoupCut(page)));
        }
    }

    @Test
    void aMarkerInTheTitleOrAnAttributeValueIsNotTheBody() {
        String page = "<html><head><title>About data-insight-body</title>"
                + "<meta name=\"description\" content=\"the data-insight-body attribute\"></head><body><main>"
                + "<article class=\"insight\"><h1>data-insight-body</h1>"
                + "<div class=\"body\" data-insight-body><p>The real body</p></div></article></main></body></html>";

        assertThat(ArticleBody.of(page)).isEqualTo("<p>The real body</p>");
    }

    @Test
    void leavesCommentsAndRawTextToTheParser() {
        String withComment = HEAD + "<div class=\"body\" data-insight-body><!-- </div> --><p>x</p></div>" + TAIL;
        String withScript = HEAD + "<div class=\"body\" data-insight-body><script>\"</div>\"</script></div>" + TAIL;

        assertThat(ArticleBody.marked(withComment)).isNull();
        assertThat(ArticleBody.marked(withScript)).isNull();
        assertThat(ArticleBody.of(withComment)).isEqualTo("<!-- </div> --><p>x</p>");
    }

    @Test
    void anUnclosedMarkedElementIsLeftToTheParser() {
        String page = HEAD + "<div class=\"body\" data-insight-body><p>never closed";

        assertThat(ArticleBody.marked(page)).isNull();
        assertThat(ArticleBody.of(page)).isEqualTo("<p>never closed</p>");
    }

    private static String jsoupCut(String page) {
        var document = Jsoup.parse(page);
        document.outputSettings().prettyPrint(false);
        return document.selectFirst("[data-insight-body]").html();
    }

    /** The same markup, serialised the same way. */
    private static String normalised(String html) {
        var fragment = Jsoup.parseBodyFragment(html);
        fragment.outputSettings().prettyPrint(false);
        return fragment.body().html();
    }
}
