package io.zerone.insights.render.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.Revision;
import io.zerone.insights.events.SearchDocument;
import io.zerone.insights.render.SeedEvents;

class SearchDocumentTests {

    /**
     * Markdown syntax that must not reach the search index: headings, emphasis, code fences, tables, links, lists,
     * line structure. Code is quoted verbatim (SQL has "*" and "--"), so the check reads the text around it.
     */
    private static final List<String> MARKDOWN = List.of("#", "**", "`", "|", "](", "---", "\n");

    /** A bullet that lost its list: "- item", "* item", "+ item". */
    private static final Pattern BULLET = Pattern.compile("(^|\\s)[-*+]\\s");

    static Stream<InsightPublished> seeds() {
        return SeedEvents.load().stream();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void seedBodyTextHoldsNoMarkdownSyntax(InsightPublished seed) {
        InsightRendered rendered = RenderedPages.RENDERER.render(seed, new Revision(0, 1));

        SearchDocument document = rendered.searchDocument();
        String prose = withoutCode(document.bodyText(), rendered.pageHtml());
        assertThat(prose).isNotBlank().doesNotContainPattern(BULLET);
        assertThat(MARKDOWN).allSatisfy(syntax -> assertThat(prose).doesNotContain(syntax));
        assertThat(document.title()).isEqualTo(seed.insight().title());
        assertThat(document.tags()).isEqualTo(seed.insight().tags());
        assertThat(document.category()).isEqualTo(seed.insight().category());
        assertThat(document.language()).isEqualTo(seed.insight().language());
    }

    private static String withoutCode(String bodyText, String pageHtml) {
        String prose = bodyText;
        for (Element code : Jsoup.parse(pageHtml).select(".body code")) {
            prose = prose.replace(code.text().replaceAll("\\s+", " ").strip(), " ");
        }
        return prose;
    }

    @Test
    void bodyTextIsOneLineExactlyAsEarlierReleasesWroteIt() {
        // earlier releases wrote replaceAll("\\s+", " ").strip(): a replay must repeat their search documents
        List<String> texts = List.of("", " ", "plain", "  two\t\twords \n", "a\u000Bb\fc\r\nd",
                "\u2003em space stays inside\u2003and goes at the ends\u2003", "no\u00A0break stays\u00A0",
                "\u001F unit separator \u001F", "code:\n    SELECT *\n      FROM t;\n");

        List<String> oneLines = texts.stream().map(InsightRenderer::oneLine).toList();

        assertThat(oneLines).containsExactlyElementsOf(
                texts.stream().map(text -> text.replaceAll("\\s+", " ").strip()).toList());
    }

    @Test
    void bodyTextKeepsTheWordsOfEveryConstruct() {
        String body = "## Single flight\n\n**One** miss per `key`: [docs](https://x.example).\n\n"
                + "| a | b |\n|---|---|\n| 1 | 2 |\n\n- item\n\n```\ncode <here>\n```\n\n<b>raw</b> ≠ ×";

        SearchDocument document = RenderedPages.render(RenderedPages.insight("T", "S", body)).searchDocument();

        assertThat(document.bodyText())
                .isEqualTo("Single flight One miss per key: docs. a b 1 2 item code <here> raw ≠ ×");
    }
}
