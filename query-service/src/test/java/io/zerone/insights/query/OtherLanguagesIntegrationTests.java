package io.zerone.insights.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.testsupport.NuHtmlChecker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The listing, search and feed pages are English; an insight in another language says which on its card, its search
 * result and its feed entry, so a screen reader reads it in its language and an Arabic one runs right to left.
 */
@QueryServiceIntegrationTest
class OtherLanguagesIntegrationTests {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static final Seed JAPANESE = insight("shinkansen-commit", "Shinkansen: 非同期処理の前にコミットする",
            "トランザクションは接続を保持する。", "ja", NOW.minusSeconds(60));
    private static final Seed ARABIC = insight("shinkansen-root-cause", "Shinkansen: العَرَض ليس السبب الجذري",
            "الإصلاحات السريعة تدور في حلقة.", "ar", NOW.minusSeconds(120));
    private static final Seed GERMAN = insight("shinkansen-ursache", "Shinkansen: Symptom ist nicht Ursache",
            "Schnelle Korrekturen drehen sich im Kreis.", "de", NOW.minusSeconds(180));

    @Autowired
    TestPipeline pipeline;

    @Autowired
    WebTestClient http;

    @BeforeEach
    void publishInsightsInThreeLanguages() {
        pipeline.publishSeeds();
        pipeline.publishAndAwait(List.of(RenderedEvents.rendered(JAPANESE), RenderedEvents.rendered(ARABIC),
                RenderedEvents.rendered(GERMAN)));
    }

    @AfterEach
    void unpublishThem() {
        pipeline.publishAndAwait(List.of(RenderedEvents.removed(JAPANESE.slug()),
                RenderedEvents.removed(ARABIC.slug()), RenderedEvents.removed(GERMAN.slug())));
    }

    @Test
    void aCardOnTheListingSaysTheLanguageOfItsInsightAndARightToLeftOneItsDirection() {
        Document listing = page("/insights");

        assertThat(listing.selectFirst("html").attr("lang")).isEqualTo("en");
        assertThat(card(listing, JAPANESE).attr("lang")).isEqualTo("ja");
        assertThat(card(listing, JAPANESE).hasAttr("dir")).isFalse();
        assertThat(card(listing, ARABIC).attr("lang")).isEqualTo("ar");
        assertThat(card(listing, ARABIC).attr("dir")).isEqualTo("rtl");
        assertThat(card(listing, ARABIC).selectFirst(".meta").attr("lang")).isEqualTo("en");
        assertThat(card(listing, GERMAN).attr("lang")).isEqualTo("de");
        assertThat(listing.select("article.card:not([lang])")).isNotEmpty(); // the English seeds
    }

    @Test
    void aSearchResultSaysTheLanguageOfItsInsight() {
        Document results = page("/insights/search?q=shinkansen");

        Element japanese = result(results, JAPANESE);
        assertThat(japanese.attr("lang")).isEqualTo("ja");
        assertThat(japanese.selectFirst(".meta").attr("lang")).isEqualTo("en");
        assertThat(result(results, ARABIC).attr("dir")).isEqualTo("rtl");
        assertThat(result(results, GERMAN).attr("lang")).isEqualTo("de");
    }

    @Test
    void aFeedEntrySaysTheLanguageOfItsInsightInAnEnglishFeed() {
        Document feed = Jsoup.parse(text("/insights/feed.xml"), "", Parser.xmlParser());

        assertThat(feed.selectFirst("feed").attr("xml:lang")).isEqualTo("en");
        assertThat(entry(feed, GERMAN).attr("xml:lang")).isEqualTo("de");
        assertThat(entry(feed, JAPANESE).attr("xml:lang")).isEqualTo("ja");
        assertThat(feed.select("entry").stream().filter(entry -> !entry.hasAttr("xml:lang"))).isNotEmpty();
    }

    @Test
    void theTagsAndRelatedInsightsBelowAGermanArticleAreMarkedEnglishAndEachLinkSaysItsLanguage() {
        Document article = page("/insights/" + GERMAN.slug());

        Element related = article.selectFirst("aside.related");
        assertThat(related.attr("lang")).isEqualTo("en");
        assertThat(related.hasAttr("dir")).isFalse();
        assertThat(related.selectFirst("a[href=/insights/" + JAPANESE.slug() + "]").attr("lang")).isEqualTo("ja");
        Element arabic = related.selectFirst("a[href=/insights/" + ARABIC.slug() + "]");
        assertThat(arabic.attr("lang")).isEqualTo("ar");
        assertThat(arabic.attr("dir")).isEqualTo("rtl");
    }

    @Test
    void theRelatedInsightsBelowAnArabicArticleAreMarkedEnglishLeftToRight() {
        Element related = page("/insights/" + ARABIC.slug()).selectFirst("aside.related");

        assertThat(related.attr("lang")).isEqualTo("en");
        assertThat(related.attr("dir")).isEqualTo("ltr");
    }

    @Test
    void germanWrittenInAustriaIsStemmedAsGermanAndShownWithItsRegion() {
        Seed austrian = insight("shinkansen-haeuser", "Shinkansen: Die Häuser der Stadt",
                "Die Häuser der Stadt blieben stehen.", "de-AT", NOW.minusSeconds(240));
        pipeline.publishAndAwait(RenderedEvents.rendered(austrian));
        try {
            // German stems Häuser to haus; the english configuration keeps häuser, which "Haus" does not find
            Document results = page("/insights/search?q=Haus");

            assertThat(result(results, austrian)).isNotNull();
            assertThat(result(results, austrian).attr("lang")).isEqualTo("de-AT");
        } finally {
            pipeline.publishAndAwait(RenderedEvents.removed(austrian.slug()));
        }
    }

    @Test
    void theJsonApiSaysTheLanguageOfEveryInsightAsStoredSoThatAMirrorCanKeepIt() {
        pipeline.publishSeedCases();

        http.get().uri("/api/insights/" + GERMAN.slug()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.language").isEqualTo("de");
        http.get().uri("/api/insights?tag=shinkansen").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[*].language").isEqualTo(List.of("ja", "ar", "de"));
        http.get().uri("/api/cases/01").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.insights[0].language").isEqualTo("en")
                .jsonPath("$.insights[?(@.language != 'en')]").isEmpty();
        Map<String, String> synced = new HashMap<>();
        String next = "/api/sync";
        boolean more = true;
        while (more) {
            JsonNode page = JsonMapper.builder().build().readTree(text(next));
            page.get("items").forEach(item -> synced.put(item.get("slug").asString(),
                    item.get("insight").get("language").asString()));
            more = page.get("hasMore").asBoolean();
            next = "/api/sync?token=" + page.get("nextSyncToken").asString();
        }
        assertThat(synced).containsEntry(JAPANESE.slug(), "ja").containsEntry(ARABIC.slug(), "ar")
                .containsEntry(GERMAN.slug(), "de").containsEntry("commit-before-async-io", "en");
    }

    @Test
    void listingAndSearchWithInsightsInOtherLanguagesAreValidHtml() throws Exception {
        for (String path : List.of("/insights", "/insights/search?q=shinkansen", "/insights/" + GERMAN.slug())) {
            assertThat(NuHtmlChecker.errors(text(path))).as(path).isEmpty();
        }
    }

    private static Seed insight(String slug, String title, String summary, String language, Instant publishedAt) {
        return new Seed(slug, title, summary, "Debugging", publishedAt, 3, null, List.of("shinkansen"),
                summary + "\n\nShinkansen.", language);
    }

    private static Element card(Document listing, Seed seed) {
        return listing.selectFirst("article.card:has(a[href=/insights/" + seed.slug() + "])");
    }

    private static Element result(Document results, Seed seed) {
        return results.selectFirst(".results li:has(a[href=/insights/" + seed.slug() + "])");
    }

    private static Element entry(Document feed, Seed seed) {
        return feed.select("entry").stream().filter(entry -> entry.selectFirst("id").text().endsWith("/" + seed.slug()))
                .findFirst().orElseThrow();
    }

    private Document page(String path) {
        return Jsoup.parse(text(path));
    }

    private String text(String path) {
        return new String(http.get().uri(path).exchange().expectStatus().isOk().expectBody().returnResult()
                .getResponseBody(), StandardCharsets.UTF_8);
    }
}
