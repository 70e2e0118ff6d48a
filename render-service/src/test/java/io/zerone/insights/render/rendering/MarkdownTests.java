package io.zerone.insights.render.rendering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class MarkdownTests {

    @Test
    void headingsBecomeSectionHeadingsWithAnchors() {
        Element body = render("## Make it a property of the code\n\n### Why\n\ntext");

        assertThat(body.select("h2").attr("id")).isEqualTo("h-make-it-a-property-of-the-code");
        assertThat(body.select("h2").text()).isEqualTo("Make it a property of the code");
        assertThat(body.select("h3")).hasSize(1);
    }

    @Test
    void topLevelHeadingsMoveBelowThePageTitle() {
        Element body = render("# Part one\n\n## Detail");

        assertThat(body.select("h1")).isEmpty();
        assertThat(body.select("h2").text()).isEqualTo("Part one");
        assertThat(body.select("h3").text()).isEqualTo("Detail");
    }

    @Test
    void aRawH1IsASectionHeadingBelowThePageTitle() {
        Element body = render("<h1>Raw</h1>\n\n## Markdown");

        assertThat(body.select("h1")).isEmpty();
        assertThat(body.select("h2").eachText()).containsExactly("Raw", "Markdown");
    }

    @Test
    void noHeadingGoesMoreThanOneLevelBelowTheOneBeforeIt() {
        Element body = render("# A second h1\n\n#### Straight to h4\n\n## Back to h2\n\n###### h6\n\n<h5>Raw</h5>");

        assertThat(body.select("h1, h2, h3, h4, h5, h6").stream().map(Element::normalName))
                .containsExactly("h2", "h3", "h3", "h4", "h4");
        assertThat(body.select("h3").first().id()).isEqualTo("h-straight-to-h4");
    }

    @Test
    void aHeadingStaysTheSiblingOfTheOneItFollowsAtTheAuthorsLevel() {
        Element body = render("## A\n\n#### B\n\n##### C\n\n#### D\n\n## E\n\n### F");

        assertThat(body.select("h1, h2, h3, h4, h5, h6").stream().map(Element::text))
                .containsExactly("A", "B", "C", "D", "E", "F");
        assertThat(body.select("h1, h2, h3, h4, h5, h6").stream().map(Element::normalName))
                .containsExactly("h2", "h3", "h4", "h3", "h2", "h3");
    }

    @Test
    void aBodyThatStartsDeepStartsBelowThePageTitle() {
        Element body = render("#### Notes\n\ntext\n\n<h6>Raw</h6>");

        assertThat(body.select("h1, h2, h3, h4, h5, h6").stream().map(Element::normalName))
                .containsExactly("h2", "h3");
    }

    @Test
    void everyIdOnThePageIsUniqueAndTheFirstOfARepeatedOneKeepsItsLinks() {
        Element body = render("## Step\n\n## Step\n\n## Step 1\n\n<h3 id=\"main\">Raw</h3>\n\n<h3 id=\"faq\">FAQ</h3>\n\n"
                + "<h3 id=\"h-step\">Again</h3>\n\nSee [the FAQ](#faq).");

        assertThat(body.select("[id]").eachAttr("id"))
                .containsExactly("h-step", "h-step-1", "h-step-1-2", "main-2", "faq", "h-step-2");
        assertThat(body.select("a").attr("href")).isEqualTo("#faq");
    }

    @Test
    void fencedCodeKeepsItsLanguageAndEscapesItsContent() {
        Element body = render("```sql\nSELECT 1 WHERE a < b AND c > d; -- <script>x</script>\n```");

        Element code = body.selectFirst("pre > code");
        assertThat(code.className()).isEqualTo("language-sql");
        assertThat(code.text()).isEqualTo("SELECT 1 WHERE a < b AND c > d; -- <script>x</script>");
        assertThat(body.select("script")).isEmpty();
    }

    @Test
    void gfmTablesBecomeTablesWithTheirColumnsAlignedByTheSitesClasses() {
        Element body = render("| | Webshop | Static export |\n|:--|:-:|--:|\n| Moving parts | 14 | 3 |");

        assertThat(body.select("table thead th")).hasSize(3);
        assertThat(body.select("table tbody td").eachText()).containsExactly("Moving parts", "14", "3");
        assertThat(body.select("th").stream().map(Element::className)).containsExactly("", "align-center", "align-right");
        assertThat(body.select("td").stream().map(Element::className)).containsExactly("", "align-center", "align-right");
        assertThat(body.select("[align]")).isEmpty();
    }

    @Test
    void doubleTildesStrikeTextThroughAndASingleTildeStaysATilde() {
        Element body = render("The fix took ~~two days~~ an hour, from ~5 ms to ~1 ms.");

        assertThat(body.select("del").eachText()).containsExactly("two days");
        assertThat(body.text()).isEqualTo("The fix took two days an hour, from ~5 ms to ~1 ms.");
    }

    @Test
    void linksAndAutolinksSurviveAndExternalOnesGetNoopener() {
        Element body = render("See [the case](/insights/other), https://postgresql.org/docs and [x](https://insights.example.org/a).");

        assertThat(body.select("a").eachAttr("href"))
                .containsExactly("/insights/other", "https://postgresql.org/docs", "https://insights.example.org/a");
        assertThat(body.select("a[href^=/insights]").attr("rel")).isEmpty();
        assertThat(body.select("a[href^=https://postgresql]").attr("rel")).isEqualTo("noopener noreferrer");
        assertThat(body.select("a[href^=https://insights.example.org]").attr("rel")).isEmpty();
    }

    @Test
    void unicodeStaysAsWritten() {
        String html = RenderedPages.bodyHtml("Symptom ≠ Root Cause: 29 500× speedup für Grüße");

        assertThat(html).contains("Symptom ≠ Root Cause: 29 500× speedup für Grüße");
    }

    @Test
    void tablesPastTheirCellBoundFailTheBodyHoweverFewItsCharacters() {
        // 5.8 KB: every line under a header of 1,000 columns is padded to 1,000 cells (900,000, 9 MB of HTML, before)
        String wide = "|a".repeat(1000) + "|\n" + "|-".repeat(1000) + "|\n" + "x\n".repeat(900);
        // 260 KB: 460 tables of 70 columns and 140 rows, 4.5 million cells, each table far below a per-table bound
        String many = ("|a".repeat(70) + "|\n" + "|-".repeat(70) + "|\n" + "x\n".repeat(140) + "\n").repeat(460);

        for (String markdown : List.of(wide, many)) {
            assertThatThrownBy(() -> RenderedPages.render(RenderedPages.insight("Title", "Summary.", markdown)))
                    .isInstanceOf(RenderFailedException.class)
                    .hasMessageContaining("the body's tables have more than 100000 cells together");
        }
    }

    @Test
    void tablesWithinTheirCellBoundAreKeptWhole() {
        String table = "|a".repeat(5) + "|\n" + "|-".repeat(5) + "|\n" + ("|1".repeat(5) + "|\n").repeat(2_000);

        assertThat(MarkdownRenderer.tableCells(table)).isEqualTo(5 * 2_001);
        assertThat(render(table + "\n" + table).select("th, td")).hasSize(2 * 5 * 2_001);
        assertThat(MarkdownRenderer.tableCells("A paragraph - with a dash | and a pipe.\n\n---\n\nText")).isZero();
    }

    @Test
    void aBodyThatWouldRenderPastTheBoundFailsBeforeItsHtmlIsMadeWhole() {
        // 26 KB of Markdown: one reference of 20,000 characters used 300 times would make 6 million characters
        String markdown = "[a]: /" + "x".repeat(20_000) + "\n\n" + "[a] ".repeat(300);

        assertThatThrownBy(() -> new MarkdownRenderer().toHtml(markdown))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the body renders to more than 4 Mi characters of HTML");
        assertThatThrownBy(() -> RenderedPages.render(RenderedPages.insight("Title", "Summary.", markdown)))
                .isInstanceOf(RenderFailedException.class)
                .hasMessageContaining("more than 4 Mi characters of HTML");
    }

    private static Element render(String markdown) {
        return Jsoup.parseBodyFragment(RenderedPages.bodyHtml(markdown)).body();
    }
}
