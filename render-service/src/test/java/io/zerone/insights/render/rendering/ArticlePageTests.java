package io.zerone.insights.render.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.testsupport.NuHtmlChecker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ArticlePageTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final InsightRendered rendered = RenderedPages.render(RenderedPages.insight(
            "Symptom ≠ Root Cause", "A primary at 91 % CPU.", "## What repeated\n\nThe auto-healer."));

    @Test
    void pageCarriesLanguageTitleDescriptionAndCanonicalUrl() {
        Document page = Jsoup.parse(rendered.pageHtml());

        assertThat(rendered.pageHtml()).startsWith("<!DOCTYPE html>");
        assertThat(page.selectFirst("html").attr("lang")).isEqualTo("en");
        assertThat(page.title()).isEqualTo("Symptom ≠ Root Cause · ZERONE Insights");
        assertThat(page.selectFirst("meta[name=description]").attr("content")).isEqualTo("A primary at 91 % CPU.");
        assertThat(page.selectFirst("link[rel=canonical]").attr("href"))
                .isEqualTo("https://insights.example.org/insights/symptom-root-cause");
    }

    @Test
    void pageCarriesOpenGraphAndTwitterCard() {
        Document page = Jsoup.parse(rendered.pageHtml());

        assertThat(page.selectFirst("meta[property=og:type]").attr("content")).isEqualTo("article");
        assertThat(page.selectFirst("meta[property=og:title]").attr("content")).isEqualTo("Symptom ≠ Root Cause");
        assertThat(page.selectFirst("meta[property=og:url]").attr("content"))
                .isEqualTo("https://insights.example.org/insights/symptom-root-cause");
        assertThat(page.select("meta[property=article:tag]").eachAttr("content"))
                .containsExactly("postgresql", "auto-healing");
        assertThat(page.selectFirst("meta[name=twitter:card]").attr("content")).isEqualTo("summary");
        assertThat(page.selectFirst("meta[name=twitter:description]").attr("content")).isEqualTo("A primary at 91 % CPU.");
    }

    @Test
    void pageShowsTitleMetaLineBodyAndTheWayBack() {
        Document page = Jsoup.parse(rendered.pageHtml());

        Element article = page.selectFirst("main article");
        assertThat(page.select("h1")).hasSize(1);
        assertThat(article.selectFirst("h1").text()).isEqualTo("Symptom ≠ Root Cause");
        assertThat(article.selectFirst(".meta").text()).isEqualTo("Debugging · 2026-04-18 · 5 min · From Case 01");
        assertThat(article.select(".body h2").text()).isEqualTo("What repeated");
        assertThat(page.select("main a[href=/insights]")).isNotEmpty();
        assertThat(page.select("header, main, footer")).hasSize(4); // site header, article header, main, footer
    }

    @Test
    void anEnglishPageMarksNoLanguageBelowItsHtmlElement() {
        Document page = Jsoup.parse(rendered.pageHtml());

        assertThat(page.select("[lang]")).hasSize(1);
        assertThat(page.select("[dir]")).isEmpty();
    }

    @Test
    void anArabicArticleIsRightToLeftAndItsEnglishInterfaceTextSaysSo() {
        InsightRendered arabic = RenderedPages.render(inLanguage("ar"));

        Document page = Jsoup.parse(arabic.pageHtml());
        assertThat(page.selectFirst("html").attr("lang")).isEqualTo("ar");
        assertThat(page.selectFirst("html").attr("dir")).isEqualTo("rtl");
        assertThat(page.select("a.skip-link, header.site-header, footer, nav.back, article .meta, p.back"))
                .hasSize(6).allSatisfy(english -> {
                    assertThat(english.attr("lang")).as(english.cssSelector()).isEqualTo("en");
                    assertThat(english.attr("dir")).as(english.cssSelector()).isEqualTo("ltr");
                });
        assertThat(page.select("main [lang], main [dir]")).hasSize(3); // nav.back, .meta and p.back, not the article
        assertThat(jsonLd(arabic.pageHtml()).get("inLanguage").asString()).isEqualTo("ar");
    }

    @Test
    void aGermanArticleMarksItsEnglishInterfaceTextWithoutChangingItsDirection() {
        Document page = Jsoup.parse(RenderedPages.render(inLanguage("de")).pageHtml());

        assertThat(page.selectFirst("html").attr("lang")).isEqualTo("de");
        assertThat(page.select("[dir]")).isEmpty();
        assertThat(page.select("a.skip-link, header.site-header, footer, nav.back, article .meta, p.back"))
                .hasSize(6).allSatisfy(english -> assertThat(english.attr("lang")).isEqualTo("en"));
        assertThat(page.select("h1, .summary, .body")).hasSize(3).noneMatch(german -> german.hasAttr("lang"));
    }

    @Test
    void articlesInEnglishGermanAndArabicAreValidHtml() throws Exception {
        for (String language : new String[] {"en", "de", "ar"}) {
            String body = "<p lang=\"en\" dir=\"ltr\">Quoted</p>\n\nSaid <bdi>إيان</bdi>.\n\n```\nx = 1;\n```";
            var written = inLanguage(language);
            var insight = new io.zerone.insights.events.InsightPublished(written.eventId(), written.occurredAt(),
                    "test", written.insight(), body);

            assertThat(NuHtmlChecker.errors(RenderedPages.render(insight).pageHtml())).as(language).isEmpty();
        }
    }

    @Test
    void theCardOfAnArabicInsightSaysItsLanguageAndDirection() {
        Element card = Jsoup.parseBodyFragment(RenderedPages.render(inLanguage("ar")).cardHtml())
                .selectFirst("article.card");

        assertThat(card.attr("lang")).isEqualTo("ar");
        assertThat(card.attr("dir")).isEqualTo("rtl");
        assertThat(card.selectFirst(".meta").attr("lang")).isEqualTo("en");
    }

    @Test
    void bodyCarriesTheHooksQueryServiceCutsItBy() {
        Document page = Jsoup.parse(rendered.pageHtml());

        // query-service stores this element's inner HTML as the API's bodyHtml (docs/adr/0011)
        assertThat(page.select("article.insight > div.body")).hasSize(1);
        assertThat(page.selectFirst("[data-insight-body]").html())
                .isEqualTo(page.selectFirst("article.insight > div.body").html())
                .startsWith("<h2 id=\"h-what-repeated\">What repeated</h2>");
    }

    @Test
    void jsonLdParsesAndDescribesTheBlogPosting() {
        JsonNode posting = jsonLd(rendered.pageHtml());

        assertThat(posting.get("@type").asString()).isEqualTo("BlogPosting");
        assertThat(posting.get("headline").asString()).isEqualTo("Symptom ≠ Root Cause");
        assertThat(posting.get("description").asString()).isEqualTo("A primary at 91 % CPU.");
        assertThat(posting.get("datePublished").asString()).isEqualTo("2026-04-18T14:00:00Z");
        assertThat(posting.get("dateModified").asString()).isEqualTo("2026-06-05T09:00:01.250Z");
        assertThat(posting.get("timeRequired").asString()).isEqualTo("PT5M");
        assertThat(posting.get("articleSection").asString()).isEqualTo("Debugging");
        assertThat(posting.get("keywords").valueStream().map(JsonNode::asString)).containsExactly("postgresql", "auto-healing");
        assertThat(posting.get("isBasedOn").get("name").asString()).isEqualTo("Case 01");
        assertThat(posting.get("url").asString()).isEqualTo("https://insights.example.org/insights/symptom-root-cause");
    }

    @Test
    void jsonLdLeavesOutTheCaseWhenThereIsNone() {
        var withoutCase = RenderedPages.insight("T", "S", "b");
        withoutCase = new io.zerone.insights.events.InsightPublished(withoutCase.eventId(), withoutCase.occurredAt(),
                "test", new io.zerone.insights.events.InsightMetadata("no-case", "T", "S", "Infrastructure",
                        withoutCase.insight().publishedAt(), 3, null, null, "de"), "b");

        InsightRendered page = RenderedPages.render(withoutCase);

        assertThat(jsonLd(page.pageHtml()).has("isBasedOn")).isFalse();
        assertThat(Jsoup.parse(page.pageHtml()).selectFirst(".meta").text()).isEqualTo("Infrastructure · 2026-04-18 · 3 min");
    }

    @Test
    void scriptClosingTagInAnyValueCannotBreakOutOfTheJsonLd() {
        String attack = "</script><script>alert(1)</script><!--";
        InsightRendered page = RenderedPages.render(RenderedPages.insight(attack, attack, attack));

        Document document = Jsoup.parse(page.pageHtml());
        assertThat(document.select("script")).hasSize(1);
        assertThat(jsonLd(page.pageHtml()).get("headline").asString()).isEqualTo(attack);
        assertThat(document.title()).startsWith(attack);
    }

    @Test
    void contentHashIsTheSha256OfThePage() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(rendered.pageHtml().getBytes(StandardCharsets.UTF_8));

        assertThat(rendered.contentHash()).isEqualTo("sha256-" + HexFormat.of().formatHex(digest));
    }

    @Test
    void cardLinksToTheArticleWithMetaTitleAndSummary() {
        Element card = Jsoup.parseBodyFragment(rendered.cardHtml()).selectFirst("article.card");

        assertThat(card.selectFirst(".meta").text()).isEqualTo("Debugging · 2026-04-18 · 5 min · From Case 01");
        assertThat(card.selectFirst("h2 a").attr("href")).isEqualTo("/insights/symptom-root-cause");
        assertThat(card.selectFirst(".card-summary").text()).isEqualTo("A primary at 91 % CPU.");
        assertThat(card.selectFirst("a.card-link").text()).isEqualTo("Read insight");
    }

    @Test
    void aRevisionScheduledAheadIsNotModifiedBeforeItIsPublished() {
        var written = RenderedPages.insight("Scheduled", "Goes live later.", "b");
        var insight = written.insight();
        Instant goesLive = written.occurredAt().plusSeconds(86_400);
        var scheduled = new io.zerone.insights.events.InsightPublished(written.eventId(), written.occurredAt(), "test",
                new io.zerone.insights.events.InsightMetadata(insight.slug(), insight.title(), insight.summary(),
                        insight.category(), goesLive, 3, null, List.of(), "en"), "b");

        InsightRendered rendered = RenderedPages.render(scheduled);
        String pageHtml = rendered.pageHtml();

        assertThat(rendered.revisedAt()).as("the feeds' updated, the sitemap's lastmod").isEqualTo(goesLive);
        assertThat(jsonLd(pageHtml).get("dateModified").asString()).isEqualTo(goesLive.toString());
        assertThat(Jsoup.parse(pageHtml).selectFirst("meta[property=article:modified_time]").attr("content"))
                .isEqualTo(goesLive.toString());
    }

    @Test
    void theRevisionTimeIsToTheMicrosecondAsTheJsonApiAndTheFeedSayIt() {
        var written = RenderedPages.insight("Precise", "Revised at an odd nanosecond.", "b");
        var insight = written.insight();
        Instant occurred = Instant.parse("2026-06-05T09:00:01.123456789Z");
        var revision = new io.zerone.insights.events.InsightPublished(written.eventId(), occurred, "test",
                new io.zerone.insights.events.InsightMetadata(insight.slug(), insight.title(), insight.summary(),
                        insight.category(), Instant.parse("2026-06-01T00:00:00Z"), 3, null, List.of(), "en"), "b");

        InsightRendered rendered = RenderedPages.render(revision);

        assertThat(rendered.revisedAt()).isEqualTo("2026-06-05T09:00:01.123456Z");
        assertThat(jsonLd(rendered.pageHtml()).get("dateModified").asString()).isEqualTo("2026-06-05T09:00:01.123456Z");
        assertThat(Jsoup.parse(rendered.pageHtml()).selectFirst("meta[property=article:modified_time]").attr("content"))
                .isEqualTo("2026-06-05T09:00:01.123456Z");
    }

    @Test
    void sameRevisionRendersToTheSameBytes() {
        var insight = RenderedPages.insight("Same", "Same summary", "Same *body*");

        assertThat(RenderedPages.render(insight)).isEqualTo(RenderedPages.render(insight));
    }

    private static io.zerone.insights.events.InsightPublished inLanguage(String language) {
        var written = RenderedPages.insight("السبب الجذري", "ملخص.", "## ما تكرر\n\nنص.");
        var insight = written.insight();
        return new io.zerone.insights.events.InsightPublished(written.eventId(), written.occurredAt(), "test",
                new io.zerone.insights.events.InsightMetadata(insight.slug(), insight.title(), insight.summary(),
                        insight.category(), insight.publishedAt(), insight.readingMinutes(), insight.caseRef(),
                        insight.tags(), language), written.body());
    }

    private static JsonNode jsonLd(String pageHtml) {
        return JSON.readTree(Jsoup.parse(pageHtml).selectFirst("script[type=application/ld+json]").data());
    }
}
