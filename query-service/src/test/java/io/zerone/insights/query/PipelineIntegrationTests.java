package io.zerone.insights.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.zerone.insights.ingest.IngestServiceApplication;
import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.render.RenderServiceApplication;

/**
 * The whole pipeline on one real broker: the nine seed insights posted to ingest-service, rendered by
 * render-service, projected and served by this service. The projection starts empty for this test: the other
 * tests' hand-made events carry revisions that would outrank the real ones.
 */
@QueryServiceIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineIntegrationTests {

    private static final String DEV_KEY = "dev-insights-key";

    /** ingest and render have no database; on this classpath Boot would configure query-service's for them. */
    private static final String WITHOUT_DATABASE = "--spring.autoconfigure.exclude="
            + "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration,"
            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
            + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient database;

    @Autowired
    ResponseCache cache;

    @Autowired
    KafkaConnectionDetails kafka;

    ConfigurableApplicationContext ingest;
    ConfigurableApplicationContext render;
    WebClient ingestApi;

    @BeforeAll
    void startIngestAndRenderOnAnEmptyProjection() {
        // through the read views, which are auto-updatable (a view cannot be truncated)
        database.sql("delete from insight_search").then().block();
        database.sql("delete from insight").then().block();
        cache.invalidateAll();
        String bootstrap = "--spring.kafka.bootstrap-servers=" + String.join(",", kafka.getBootstrapServers());
        ingest = IngestServiceApplication.builder().run("--server.port=0", bootstrap, WITHOUT_DATABASE);
        render = RenderServiceApplication.builder().run("--server.port=0", bootstrap, WITHOUT_DATABASE);
        ingestApi = WebClient.builder()
                .baseUrl("http://localhost:" + ingest.getEnvironment().getProperty("local.server.port"))
                .defaultHeader("Authorization", "Bearer " + DEV_KEY).build();
    }

    @AfterAll
    void stopThem() {
        if (render != null) {
            render.close();
        }
        if (ingest != null) {
            ingest.close();
        }
    }

    @Test
    void seedInsightsThroughIngestAndRenderGiveTheSeedListingThenARevisionAndAnUnpublishReachEverySurface()
            throws Exception {
        seedPayloads().forEach(payload -> ingestApi.post().uri("/api/insights")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(payload)
                .retrieve().toBodilessEntity().block(Duration.ofSeconds(30)));

        List<String> seedTitles = Seed.all().stream().map(Seed::title).toList();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(listing().select(".card .card-title").eachText()).containsExactlyElementsOf(seedTitles));
        assertThat(listing().select("main p").eachText()).contains("6 Cases · 9 Insights · since 2026");
        String article = html("/insights/commit-before-async-io");
        assertThat(Jsoup.parse(article).selectFirst("h1").text()).isEqualTo(Seed.bySlug("commit-before-async-io").title());
        assertThat(NuHtmlChecker.errors(article)).isEmpty();

        Seed revised = Seed.bySlug("commit-before-async-io").withTitle("Commit first, then wait: the PgBouncer lesson");
        ingestApi.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(payload(revised)).retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(listing().select(".card .card-title")
                .eachText()).contains(revised.title()).doesNotContain(Seed.bySlug("commit-before-async-io").title()));
        assertThat(Jsoup.parse(html("/insights/commit-before-async-io")).selectFirst("h1").text())
                .isEqualTo(revised.title());
        http.get().uri("/api/search?q=\"commit first\"").exchange().expectBody()
                .jsonPath("$.items[0].title").isEqualTo(revised.title());

        ingestApi.delete().uri("/api/insights/commit-before-async-io?reason=test").retrieve().toBodilessEntity()
                .block(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                http.get().uri("/insights/commit-before-async-io").exchange().expectStatus().isEqualTo(410));
        assertThat(listing().select(".card .card-title").eachText()).hasSize(8).doesNotContain(revised.title());
        assertThat(listing().select("main p").eachText()).contains("5 Cases · 8 Insights · since 2026");
        assertThat(html("/insights/feed.xml")).doesNotContain("commit-before-async-io");
        assertThat(html("/sitemap.xml")).doesNotContain("commit-before-async-io");
        http.get().uri("/api/search?q=pgbouncer").exchange().expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }

    private Document listing() {
        return Jsoup.parse(html("/insights"));
    }

    private String html(String path) {
        return new String(http.get().uri(path).exchange().expectBody().returnResult().getResponseBody(),
                StandardCharsets.UTF_8);
    }

    private static List<String> seedPayloads() throws IOException {
        try (InputStream in = PipelineIntegrationTests.class.getResourceAsStream("/seed-insights.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static String payload(Seed seed) {
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(seed);
    }
}
