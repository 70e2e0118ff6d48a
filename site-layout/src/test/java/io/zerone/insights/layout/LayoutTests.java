package io.zerone.insights.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import gg.jte.Content;

class LayoutTests {

    private static final InsightMeta META = new InsightMeta("Debugging", LocalDate.of(2026, 4, 18), 5, "01");

    @Test
    void pageHasLanguageHeadLandmarksAndTheWayToTheListing() {
        PageHead head = new PageHead("Symptom ≠ Root Cause", "Quick fixes loop.", "https://zerone.io/insights/a", "en");

        Document page = Jsoup.parse(Layout.render(Layout.page(head, output -> output.writeContent("<p>body</p>"))));

        assertThat(page.documentType()).isNotNull();
        assertThat(page.selectFirst("html").attr("lang")).isEqualTo("en");
        assertThat(page.title()).isEqualTo("Symptom ≠ Root Cause");
        assertThat(page.selectFirst("meta[name=description]").attr("content")).isEqualTo("Quick fixes loop.");
        assertThat(page.selectFirst("link[rel=canonical]").attr("href")).isEqualTo("https://zerone.io/insights/a");
        assertThat(page.selectFirst("link[rel=stylesheet]").attr("href")).isEqualTo(Layout.STYLESHEET_PATH);
        assertThat(page.select("header .brand").text()).isEqualTo("ZERONE");
        assertThat(page.select("header nav a[href=/insights]")).hasSize(1);
        assertThat(page.select("main#main p").text()).isEqualTo("body");
        assertThat(page.select("footer")).hasSize(1);
        assertThat(page.select("script")).isEmpty();
        assertThat(page.selectFirst("html").hasAttr("dir")).isFalse();
        assertThat(page.select("[lang]")).hasSize(1);
    }

    @Test
    void anArabicPageIsRightToLeftAndMarksTheSiteEnglishText() {
        PageHead head = new PageHead("السبب الجذري", null, null, "ar");

        Document page = Jsoup.parse(Layout.render(Layout.page(head, output -> output.writeContent("<p>نص</p>"))));

        assertThat(page.selectFirst("html").attr("lang")).isEqualTo("ar");
        assertThat(page.selectFirst("html").attr("dir")).isEqualTo("rtl");
        for (String english : new String[] {"a.skip-link", "header.site-header", "footer.site-footer"}) {
            assertThat(page.selectFirst(english).attr("lang")).as(english).isEqualTo("en");
            assertThat(page.selectFirst(english).attr("dir")).as(english).isEqualTo("ltr");
        }
        assertThat(page.selectFirst("main").hasAttr("lang")).isFalse();
    }

    @Test
    void aGermanPageMarksTheSiteEnglishTextWithoutChangingItsDirection() {
        PageHead head = new PageHead("Ursache", null, null, "de");

        Document page = Jsoup.parse(Layout.render(Layout.page(head, output -> { })));

        assertThat(page.selectFirst("html").attr("lang")).isEqualTo("de");
        assertThat(page.selectFirst("html").hasAttr("dir")).isFalse();
        assertThat(page.select("a.skip-link[lang=en], header[lang=en], footer[lang=en]")).hasSize(3);
        assertThat(page.select("[dir]")).isEmpty();
    }

    @Test
    void pageEscapesHeadValuesAndKeepsExtraHeadVerbatim() {
        Content extra = output -> output.writeContent("<meta property=\"og:type\" content=\"article\">");
        PageHead head = new PageHead("</title><script>alert(1)</script>", "\"><script>x</script>", null, "de", extra);

        Document page = Jsoup.parse(Layout.render(Layout.page(head, output -> { })));

        assertThat(page.select("script")).isEmpty();
        assertThat(page.title()).isEqualTo("</title><script>alert(1)</script>");
        assertThat(page.select("link[rel=canonical]")).isEmpty();
        assertThat(page.select("meta[property=og:type]")).hasSize(1);
    }

    @Test
    void cardShowsMetaTitleSummaryAndReadLinkAsOnTheSeedPage() {
        Card card = new Card("/insights/symptom-root-cause", "Symptom ≠ Root Cause", "A <b>primary</b> at 91 %.", META);

        Element article = Jsoup.parseBodyFragment(Layout.render(Layout.card(card))).selectFirst("article.card");

        assertThat(article.select(".meta").text()).isEqualTo("Debugging · 2026-04-18 · 5 min · From Case 01");
        assertThat(article.select("h2 a").attr("href")).isEqualTo("/insights/symptom-root-cause");
        assertThat(article.select("h2").text()).isEqualTo("Symptom ≠ Root Cause");
        assertThat(article.select(".card-summary").text()).isEqualTo("A <b>primary</b> at 91 %.");
        assertThat(article.select("b")).isEmpty();
        assertThat(article.select("a.card-link").text()).isEqualTo("Read insight");
        assertThat(article.select("[lang], [dir]")).isEmpty();
    }

    @Test
    void cardListedUnderASectionHeadingTitlesItselfOneLevelBelowIt() {
        Card card = new Card("/insights/symptom-root-cause", "Symptom ≠ Root Cause", "A summary.", META);

        String nested = Layout.render(Layout.card(card, 3));

        assertThat(nested).isEqualTo(Layout.render(Layout.card(card))
                .replace("<h2 class=\"card-title\">", "<h3 class=\"card-title\">").replace("</a></h2>", "</a></h3>"));
        assertThat(Layout.render(Layout.card(card, 2))).isEqualTo(Layout.render(Layout.card(card)));
        assertThatThrownBy(() -> Layout.card(card, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cardOfAnArabicInsightSaysItsLanguageAndDirectionAndMarksItsEnglishLabels() {
        Card card = new Card("/insights/root-cause", "السبب الجذري", "ملخص.", META, "ar");

        Element article = Jsoup.parseBodyFragment(Layout.render(Layout.card(card))).selectFirst("article.card");

        assertThat(article.attr("lang")).isEqualTo("ar");
        assertThat(article.attr("dir")).isEqualTo("rtl");
        assertThat(article.select("p.meta[lang=en][dir=ltr], a.card-link[lang=en][dir=ltr]")).hasSize(2);
        assertThat(article.select("h2 [lang], .card-summary[lang]")).isEmpty();
    }

    @Test
    void cardOfAJapaneseInsightSaysItsLanguageOnly() {
        Card card = new Card("/insights/commit-first", "非同期処理の前にコミット", "要約。", META, "ja");

        Element article = Jsoup.parseBodyFragment(Layout.render(Layout.card(card))).selectFirst("article.card");

        assertThat(article.attr("lang")).isEqualTo("ja");
        assertThat(article.select("[dir]")).isEmpty();
        assertThat(article.select("p.meta").attr("lang")).isEqualTo("en");
    }

    @Test
    void metaLineLeavesOutTheCaseWhenThereIsNone() {
        InsightMeta withoutCase = new InsightMeta("Infrastructure", LocalDate.of(2026, 4, 18), 6, null);

        String meta = Jsoup.parseBodyFragment(Layout.render(Layout.meta(withoutCase))).text();

        assertThat(meta).isEqualTo("Infrastructure · 2026-04-18 · 6 min");
    }

    @Test
    void stylesheetOffersADarkSchemeAndIsServedFromTheClasspath() {
        assertThat(Layout.stylesheet()).contains("prefers-color-scheme: dark");
        assertThat(LayoutTests.class.getResource("/static" + Layout.STYLESHEET_PATH)).isNotNull();
    }
}
