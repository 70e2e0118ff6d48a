package io.zerone.insights.query.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.query.Decompressed;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.TestPipeline;
import io.zerone.insights.testsupport.NuHtmlChecker;

/**
 * The related insights of an article page: same case first, then most shared tags, and never stale. Every check of a
 * page follows the publish, revision or unpublish of another insight at once, without waiting: the cached page must
 * already be dropped when the change is visible anywhere (TestPipeline waits for the change notifications).
 */
@QueryServiceIntegrationTest
class RelatedInsightsIntegrationTests {

    private static final Instant NOW = Instant.parse("2025-06-01T09:00:00Z");

    @Autowired
    TestPipeline pipeline;

    @Autowired
    WebTestClient http;

    @LocalServerPort
    int port;

    private final List<String> madeHere = new ArrayList<>();

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
    }

    @AfterEach
    void unpublishWhatWasMadeHere() {
        pipeline.publishAndAwait(madeHere.stream().map(RenderedEvents::removed).toList());
    }

    @Test
    void sameCaseComesFirstThenMostSharedTagsThenNewest() {
        Document page = page("/insights/expression-index-ignored-coalesce");

        // case 01 holds three others: the two that share "postgresql" first, newest first, then the third
        assertThat(related(page)).containsExactly("/insights/symptom-is-not-root-cause-auto-healer",
                "/insights/update-with-subquery-and-limit", "/insights/batch-finalisation-per-container");
        assertThat(page.select(".related .tags a").eachAttr("href")).containsExactly("/insights/tags/postgresql",
                "/insights/tags/indexing", "/insights/tags/performance");
    }

    @Test
    void publishingReviewingAndUnpublishingAnotherInsightShowsOnThePageAtOnce() {
        publish(insight("related-page", List.of("rel-alpha", "rel-beta", "rel-gamma"), 0));
        publish(insight("related-one-tag", List.of("rel-alpha"), 1));
        assertThat(related(page("/insights/related-page"))).containsExactly("/insights/related-one-tag");

        publish(insight("related-two-tags", List.of("rel-alpha", "rel-beta"), 2));
        assertThat(related(page("/insights/related-page")))
                .containsExactly("/insights/related-two-tags", "/insights/related-one-tag");

        publish(insight("related-two-tags", List.of("rel-alpha", "rel-beta"), 2).withTitle("Revised title"));
        assertThat(page("/insights/related-page").select(".related-list a").eachText()).contains("Revised title");

        publish(insight("related-two-tags", List.of("elsewhere"), 2));
        assertThat(related(page("/insights/related-page"))).containsExactly("/insights/related-one-tag");

        pipeline.publishAndAwait(RenderedEvents.removed("related-one-tag"));
        assertThat(related(page("/insights/related-page"))).isEmpty();
    }

    @Test
    void aPageNeverLinksAnInsightOnceItIsUnpublished() {
        String page = "/insights/expression-index-ignored-coalesce";
        assertThat(related(page(page))).contains("/insights/update-with-subquery-and-limit");

        pipeline.publishAndAwait(RenderedEvents.removed("update-with-subquery-and-limit"));

        http.get().uri("/insights/update-with-subquery-and-limit").exchange().expectStatus().isEqualTo(410);
        assertThat(related(page(page))).doesNotContain("/insights/update-with-subquery-and-limit")
                .contains("/insights/commit-before-async-io");
    }

    @Test
    void aScheduledInsightIsNotRelatedBeforeItsInstant() {
        publish(insight("related-now", List.of("rel-delta"), 0));
        Seed later = insight("related-later", List.of("rel-delta"), 0).publishedAt(Instant.now().plus(1, ChronoUnit.DAYS));
        madeHere.add(later.slug());
        pipeline.send(RenderedEvents.rendered(later));
        pipeline.awaitCaughtUp();

        assertThat(related(page("/insights/related-now"))).isEmpty();
    }

    @Test
    void everyCodingOfThePageIsTheSamePageWithItsRelatedInsights() throws Exception {
        InsightRendered stored = RenderedEvents.rendered(Seed.bySlug("expression-index-ignored-coalesce"));
        String identity = body("identity");

        assertThat(identity).startsWith(stored.pageHtml().substring(0, stored.pageHtml().indexOf("</main>")))
                .endsWith(stored.pageHtml().substring(stored.pageHtml().indexOf("</main>")))
                .contains("<aside class=\"related\"");
        assertThat(new String(Decompressed.gzip(bytes("gzip")), StandardCharsets.UTF_8)).isEqualTo(identity);
        assertThat(new String(Decompressed.brotli(bytes("br")), StandardCharsets.UTF_8)).isEqualTo(identity);
    }

    @Test
    void nuHtmlCheckerFindsNoErrorsOnAnArticleWithRelatedInsights() throws Exception {
        assertThat(NuHtmlChecker.errors(body("identity"))).isEmpty();
    }

    private Seed insight(String slug, List<String> tags, int hoursAgo) {
        return new Seed(slug, "Insight " + slug, "A summary of " + slug + ".", "Related", NOW.minus(hoursAgo,
                ChronoUnit.HOURS), 3, null, tags, "Body of " + slug + ".", "en");
    }

    private void publish(Seed seed) {
        madeHere.add(seed.slug());
        pipeline.publishAndAwait(RenderedEvents.rendered(seed));
    }

    private static List<String> related(Document page) {
        return page.select(".related-list a").eachAttr("href");
    }

    private Document page(String path) {
        return Jsoup.parse(new String(http.get().uri(path).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8));
    }

    private String body(String coding) throws IOException, InterruptedException {
        return new String(bytes(coding), StandardCharsets.UTF_8);
    }

    /** The bytes on the wire in the coding asked for: WebTestClient's connector would decode gzip itself. */
    private byte[] bytes(String coding) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/insights/expression-index-ignored-coalesce"))
                .header(HttpHeaders.ACCEPT_ENCODING, coding).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(HttpHeaders.CONTENT_ENCODING))
                .isEqualTo("identity".equals(coding) ? Optional.empty() : Optional.of(coding));
        return response.body();
    }
}
