package io.zerone.insights.render.rendering;

import static org.assertj.core.api.Assertions.assertThat;

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
    void fencedCodeKeepsItsLanguageAndEscapesItsContent() {
        Element body = render("```sql\nSELECT 1 WHERE a < b AND c > d; -- <script>x</script>\n```");

        Element code = body.selectFirst("pre > code");
        assertThat(code.className()).isEqualTo("language-sql");
        assertThat(code.text()).isEqualTo("SELECT 1 WHERE a < b AND c > d; -- <script>x</script>");
        assertThat(body.select("script")).isEmpty();
    }

    @Test
    void gfmTablesBecomeTables() {
        Element body = render("| | Webshop | Static export |\n|---|---|--:|\n| Moving parts | 14 | 3 |");

        assertThat(body.select("table thead th")).hasSize(3);
        assertThat(body.select("table tbody td").eachText()).containsExactly("Moving parts", "14", "3");
        assertThat(body.select("th").last().attr("align")).isEqualTo("right");
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

    private static Element render(String markdown) {
        return Jsoup.parseBodyFragment(RenderedPages.bodyHtml(markdown)).body();
    }
}
