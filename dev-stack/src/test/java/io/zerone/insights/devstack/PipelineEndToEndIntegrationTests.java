package io.zerone.insights.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightMetadata;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.Topics;
import io.zerone.insights.testsupport.Infrastructure;
import io.zerone.insights.testsupport.NuHtmlChecker;
import io.zerone.insights.testsupport.SeedInsights;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The product as a visitor and an editor meet it: ingest-service, render-service and query-service on one real
 * broker and database. Every step is awaited on the visible result, never slept on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndIntegrationTests {

    static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);
    static final String DEV_KEY = "Bearer dev-insights-key";

    static StackServices stack;
    static WebClient ingest;
    static WebClient site;
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startTheThreeServices() {
        Infrastructure.Database database = Infrastructure.database();
        List<String> arguments = new ArrayList<>(database.commandLineArguments());
        arguments.add("--server.port=0");
        arguments.add("--spring.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrapServers());
        stack = StackServices.start(arguments.toArray(String[]::new));
        ingest = WebClient.create("http://localhost:" + stack.port("ingest-service"));
        site = WebClient.create("http://localhost:" + stack.port("query-service"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void seedInsightsAndTheDemoCasesMakeTheSeedListingNewestFirstWithItsCounter() throws Exception {
        DemoContent.payloads("/demo/cases.jsonl").forEach(payload -> assertThat(post("/api/cases", payload))
                .isEqualTo(HttpStatus.ACCEPTED));
        List<String> payloads = SeedInsights.payloads();
        List<String> seedOrder = payloads.stream().map(p -> json.readTree(p).get("title").stringValue()).toList();

        // published oldest first, so the order on the page comes from publishedAt, not from arrival
        List<String> oldestFirst = new ArrayList<>(payloads);
        Collections.reverse(oldestFirst);
        oldestFirst.forEach(payload -> assertThat(publish(payload)).isEqualTo(HttpStatus.ACCEPTED));

        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> {
            Document listing = page("/insights");
            assertThat(listing.select("article.card h2.card-title").eachText()).isEqualTo(seedOrder);
            // "8 Cases" counts the published cases, 02 and 05 among them, though no insight names them (yet)
            assertThat(listing.text()).contains("Insights", "Lessons from production.")
                    .containsPattern("8\\s*Cases\\s*·\\s*9\\s*Insights\\s*·\\s*since 2026");
        });
        Element first = page("/insights").selectFirst("article.card");
        assertThat(first.select(".meta").text()).isEqualTo("Architecture Patterns · 2026-06-05 · 4 min · From Case 06");
        assertThat(first.select(".meta a.case").attr("href")).isEqualTo("/cases/06");
        assertThat(first.select("a.card-link").text()).isEqualTo("Read insight");
    }

    @Test
    @Order(2)
    void publishReviseAndUnpublishShowOnEverySurface() throws Exception {
        String slug = "retry-storms-need-jitter";

        publish(insight(slug, "Retry storms need jitter", "Synchronised retries turn a blip into an outage."));
        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> {
            assertThat(page("/insights/" + slug).select("h1").text()).isEqualTo("Retry storms need jitter");
            assertThat(page("/insights").select("article.card h2.card-title").eachText())
                    .contains("Retry storms need jitter");
        });
        // the page as render-service wrote it and query-service serves it is valid HTML
        assertThat(NuHtmlChecker.errors(text("/insights/" + slug))).isEmpty();

        publish(insight(slug, "Retry storms need full jitter", "Exponential backoff alone still synchronises."));
        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> {
            Document article = page("/insights/" + slug);
            assertThat(article.select("h1").text()).isEqualTo("Retry storms need full jitter");
            assertThat(article.text()).contains("Exponential backoff alone still synchronises.")
                    .doesNotContain("Synchronised retries turn a blip into an outage.");
            assertThat(page("/insights").select("article.card h2.card-title").eachText())
                    .contains("Retry storms need full jitter").doesNotContain("Retry storms need jitter");
            assertThat(json("/api/search?q=synchronises").path("items").toString())
                    .contains("\"title\":\"Retry storms need full jitter\"");
            assertThat(text("/insights/feed.xml")).contains("Retry storms need full jitter")
                    .doesNotContain("Retry storms need jitter<");
        });

        HttpStatus unpublished = ingest.delete().uri("/api/insights/" + slug).header(HttpHeaders.AUTHORIZATION, DEV_KEY)
                .exchangeToMono(response -> Mono.just(HttpStatus.valueOf(response.statusCode().value()))).block();
        assertThat(unpublished).isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> {
            assertThat(status("/insights/" + slug)).isEqualTo(HttpStatus.GONE);
            assertThat(status("/api/insights/" + slug)).isEqualTo(HttpStatus.GONE);
            assertThat(page("/insights").select("article.card h2.card-title").eachText())
                    .doesNotContain("Retry storms need full jitter");
            assertThat(page("/insights").text()).containsPattern("9\\s*Insights");
            assertThat(json("/api/stats").path("insights").asInt()).isEqualTo(9);
            assertThat(text("/insights/feed.xml")).doesNotContain(slug);
            assertThat(text("/sitemap.xml")).doesNotContain(slug);
            assertThat(json("/api/search?q=synchronises").path("items").toString()).doesNotContain(slug);
        });
    }

    @Test
    @Order(3)
    void aRetriedRequestNeverMakesASecondRevision() {
        String slug = "idempotent-retries-keep-the-newest";
        String first = insight(slug, "Idempotent retries, first draft", "The first draft.");
        String second = insight(slug, "Idempotent retries, second draft", "The second draft.");
        publish(first, "cms-first-draft");
        publish(second, "cms-second-draft");
        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> assertThat(page("/insights/" + slug).select("h1").text())
                .isEqualTo("Idempotent retries, second draft"));

        // the client retries its first request late (a lost response, say): the key store answers it, nothing is
        // published
        assertThat(publish(first, "cms-first-draft")).isEqualTo(HttpStatus.ACCEPTED);
        // the same retry once the key store no longer holds the key (its first attempt's 503 gave the key back while
        // Kafka stored the event late, or the in-flight claim was taken over): ingest publishes it again, with the
        // same eventId, and the pipeline drops it as the source event it already processed for this slug
        double duplicates = projectedDuplicates();
        forgetIdempotencyKey("cms-first-draft");
        assertThat(publish(first, "cms-first-draft")).isEqualTo(HttpStatus.ACCEPTED);
        // a marker on the same partition of both topics goes live only after the retry was rendered and projected
        String marker = slugOnTheSamePartitionAs(slug);
        publish(insight(marker, "Partition marker", "Behind the retry."), "cms-marker-1");
        await().atMost(VISIBLE_WITHIN).until(() -> status("/insights/" + marker) == HttpStatus.OK);
        assertThat(projectedDuplicates() - duplicates).isEqualTo(1);

        assertThat(page("/insights/" + slug).select("h1").text()).isEqualTo("Idempotent retries, second draft");
        assertThat(page("/insights").select("article.card h2.card-title").eachText())
                .contains("Idempotent retries, second draft").doesNotContain("Idempotent retries, first draft");
    }

    @Test
    @Order(4)
    void aRetriedUnpublishNeverRemovesALaterRepublish() {
        String slug = "retried-unpublish-stays-undone";
        publish(insight(slug, "Unpublish retried", "Published first."), "cms-publish-1");
        await().atMost(VISIBLE_WITHIN).until(() -> status("/insights/" + slug) == HttpStatus.OK);
        assertThat(unpublish(slug, "cms-unpublish-1")).isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(VISIBLE_WITHIN).until(() -> status("/insights/" + slug) != HttpStatus.OK);
        publish(insight(slug, "Unpublish retried, back again", "Published again."), "cms-publish-2");
        await().atMost(VISIBLE_WITHIN).until(() -> status("/insights/" + slug) == HttpStatus.OK);

        assertThat(unpublish(slug, "cms-unpublish-1")).isEqualTo(HttpStatus.ACCEPTED);
        String marker = slugOnTheSamePartitionAs(slug);
        publish(insight(marker, "Partition marker", "Behind the retried unpublish."), "cms-marker-2");
        await().atMost(VISIBLE_WITHIN).until(() -> status("/insights/" + marker) == HttpStatus.OK);

        assertThat(page("/insights/" + slug).select("h1").text()).isEqualTo("Unpublish retried, back again");
    }

    @Test
    @Order(5)
    void publishedV1EventsStillOnTheTopicAreRenderedAndProjectedLikeV2Events() throws Exception {
        // as an ingest-service of before insight.published.v2 wrote them: compaction keeps them until a slug changes
        String fromV1 = "written-as-v1-kept-by-compaction";
        String revisedByV2 = "written-as-v1-revised-as-v2";
        sendV1(fromV1, "Written as v1", "An event of the first version.");
        sendV1(revisedByV2, "Revised later, first draft", "The v1 draft.");
        // today's ingest-service writes v2, beside them and over one of them
        String fromV2 = "written-as-v2-beside-v1";
        publish(insight(fromV2, "Written as v2", "An event of the second version."), "cms-v2-beside");
        publish(insight(revisedByV2, "Revised later, second draft", "The v2 revision."), "cms-v2-revision");

        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> {
            assertThat(page("/insights/" + fromV1).select("h1").text()).isEqualTo("Written as v1");
            assertThat(page("/insights/" + fromV2).select("h1").text()).isEqualTo("Written as v2");
            assertThat(page("/insights/" + revisedByV2).select("h1").text()).isEqualTo("Revised later, second draft");
        });
        JsonNode v1 = json("/api/insights/" + fromV1);
        JsonNode v2 = json("/api/insights/" + fromV2);
        assertThat(v1.path("summary").stringValue()).isEqualTo("An event of the first version.");
        for (String field : List.of("category", "publishedAt", "readingMinutes", "caseRef", "tags")) {
            assertThat(v1.path(field)).as(field).isEqualTo(v2.path(field)).isNotEqualTo(MissingNode.getInstance());
        }
        assertThat(page("/insights/" + fromV1).selectFirst(".meta").text())
                .isEqualTo(page("/insights/" + fromV2).selectFirst(".meta").text())
                .isEqualTo("Distributed Systems · 2026-06-06 · 1 min · From Case 09");
        assertThat(page("/insights").select("article.card h2.card-title").eachText())
                .contains("Written as v1", "Written as v2", "Revised later, second draft")
                .doesNotContain("Revised later, first draft");
        assertThat(json("/api/search?q=first").path("items").toString()).contains(fromV1);
        assertThat(page("/insights/" + revisedByV2).text()).doesNotContain("The v1 draft.");
    }

    /** Writes an insight.published.v1 record straight to the topic: the metadata's fields at the top level. */
    @Test
    @Order(6)
    void caseLinksFromItsInsightsOnlyWhileItIsPublishedAndUnderItsCurrentTitle() throws Exception {
        String article = "/insights/anonymity-as-an-architectural-invariant";
        String case06 = DemoContent.payloads("/demo/cases.jsonl").get(5);
        String title = json.readTree(case06).get("title").stringValue();

        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> {
            Document page = page("/cases/06");
            assertThat(page.select("h1").text()).isEqualTo(title);
            // listed under the page's "Insights from Case 06" (an h2), the cards' titles are h3
            assertThat(page.select("article.card h3").eachText())
                    .containsExactly(json.readTree(SeedInsights.payloads().get(0)).get("title").stringValue());
            assertThat(page("/cases").select("article.card h2 a").eachAttr("href")).hasSize(8).contains("/cases/06");
            assertThat(page(article).select(".meta a.case").attr("title")).isEqualTo("Case 06: " + title);
        });
        for (String path : List.of("/cases", "/cases/06", "/cases/05")) {
            assertThat(NuHtmlChecker.errors(text(path))).as(path).isEmpty();
        }
        assertThat(json("/api/cases/06").get("insights").get(0).get("slug").stringValue())
                .isEqualTo("anonymity-as-an-architectural-invariant");

        ObjectNode retitled = (ObjectNode) json.readTree(case06);
        retitled.put("title", "A marketplace that keeps its promise");
        assertThat(post("/api/cases", retitled.toString())).isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> {
            assertThat(page(article).select(".meta a.case").attr("title"))
                    .isEqualTo("Case 06: A marketplace that keeps its promise");
            assertThat(page("/insights").select(".meta a.case[href=/cases/06]").eachAttr("title"))
                    .containsOnly("Case 06: A marketplace that keeps its promise");
            assertThat(page("/cases/06").select("h1").text()).isEqualTo("A marketplace that keeps its promise");
        });

        assertThat(ingest.delete().uri("/api/cases/06").header(HttpHeaders.AUTHORIZATION, DEV_KEY)
                .exchangeToMono(response -> Mono.just(HttpStatus.valueOf(response.statusCode().value()))).block())
                .isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> {
            assertThat(status("/cases/06")).isEqualTo(HttpStatus.GONE);
            assertThat(status("/api/cases/06")).isEqualTo(HttpStatus.GONE);
            Document page = page(article);
            assertThat(page.select(".meta a.case")).isEmpty();
            assertThat(page.select(".meta span.case").text()).isEqualTo("From Case 06");
            assertThat(page("/insights").select(".meta a.case[href=/cases/06]")).isEmpty();
            assertThat(page("/insights").text()).containsPattern("7\\s*Cases\\s*·");
            assertThat(text("/sitemap.xml")).doesNotContain("/cases/06<").contains("/cases/05<");
        });

        assertThat(post("/api/cases", case06)).isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> {
            assertThat(page(article).select(".meta a.case").attr("title")).isEqualTo("Case 06: " + title);
            // the insights the tests before this one published are still there: only the cases are counted here
            assertThat(page("/insights").text()).containsPattern("8\\s*Cases\\s*·");
        });
    }

    private void sendV1(String slug, String title, String summary) throws Exception {
        InsightPublished event = new InsightPublished(UUID.randomUUID(), Instant.now(), "dev-editor",
                new InsightMetadata(slug, title, summary, "Distributed Systems", Instant.parse("2026-06-06T00:00:00Z"),
                        1, "09", List.of("resilience"), "en"),
                "## The blip\n\n" + summary);
        ProducerRecord<String, byte[]> current = new CloudEventCodec().toRecord(Topics.INSIGHT_EVENTS, event);
        ObjectNode v2 = (ObjectNode) json.readTree(current.value());
        ObjectNode v1 = json.createObjectNode();
        v1.set("eventId", v2.get("eventId"));
        v1.set("occurredAt", v2.get("occurredAt"));
        v1.set("source", v2.get("source"));
        v1.setAll((ObjectNode) v2.get("insight"));
        v1.set("body", v2.get("body"));
        current.headers().remove(CloudEventCodec.TYPE)
                .add(CloudEventCodec.TYPE, "insight.published.v1".getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.INSIGHT_EVENTS, null, slug, json.writeValueAsBytes(v1),
                    current.headers())).get();
        }
    }

    private static String insight(String slug, String title, String summary) {
        return """
                {"slug": "%s", "title": "%s", "summary": "%s", "category": "Distributed Systems",
                 "publishedAt": "2026-06-06", "caseRef": "09", "tags": ["resilience"],
                 "body": "## The blip\\n\\n%s"}""".formatted(slug, title, summary, summary);
    }

    /**
     * A fresh slug whose records land on the same partition as {@code slug}'s: both topics are keyed by slug with the
     * same partition count, and each stage keeps a partition's order, so once it is live everything before it is too.
     */
    private static String slugOnTheSamePartitionAs(String slug) {
        int partitions = Topics.DEFAULT_PARTITIONS;
        int target = partitionOf(slug, partitions);
        for (int n = 0; ; n++) {
            String candidate = slug + "-marker-" + n;
            if (partitionOf(candidate, partitions) == target && status("/insights/" + candidate) == HttpStatus.NOT_FOUND) {
                return candidate;
            }
        }
    }

    /** Kafka's default partitioner for a keyed record. */
    private static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** What ingest-service's hourly purge does to a key past its window, now. */
    private static void forgetIdempotencyKey(String idempotencyKey) {
        Infrastructure.Database database = Infrastructure.database();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password());
                PreparedStatement delete = connection.prepareStatement(
                        "delete from ingest.idempotency_key where client_id = 'dev-editor' and key = ?")) {
            delete.setString(1, idempotencyKey);
            assertThat(delete.executeUpdate()).isOne();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** query-service's count of source events its projector dropped as already processed. */
    private static double projectedDuplicates() {
        String metrics = site.get().uri("/actuator/prometheus").retrieve().bodyToMono(String.class)
                .block(Duration.ofSeconds(10));
        return metrics.lines().filter(line -> line.startsWith("query_projection_events_total{")
                        && line.contains("outcome=\"duplicate\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static HttpStatus publish(String payload, String idempotencyKey) {
        return ingest.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, DEV_KEY)
                .header("Idempotency-Key", idempotencyKey)
                .bodyValue(payload)
                .exchangeToMono(response -> Mono.just(HttpStatus.valueOf(response.statusCode().value())))
                .block();
    }

    private static HttpStatus unpublish(String slug, String idempotencyKey) {
        return ingest.delete().uri("/api/insights/" + slug).header(HttpHeaders.AUTHORIZATION, DEV_KEY)
                .header("Idempotency-Key", idempotencyKey)
                .exchangeToMono(response -> Mono.just(HttpStatus.valueOf(response.statusCode().value()))).block();
    }

    private static HttpStatus post(String path, String payload) {
        return ingest.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, DEV_KEY)
                .bodyValue(payload)
                .exchangeToMono(response -> Mono.just(HttpStatus.valueOf(response.statusCode().value())))
                .block();
    }

    private static HttpStatus publish(String payload) {
        return post("/api/insights", payload);
    }

    /** The page as a visitor's browser gets it; an empty document while it does not exist (yet). */
    private static Document page(String path) {
        String html = site.get().uri(path)
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.bodyToMono(String.class)
                        : response.releaseBody().thenReturn(""))
                .block();
        return Jsoup.parse(html);
    }

    private static String text(String path) {
        return site.get().uri(path).retrieve().bodyToMono(String.class).block();
    }

    private JsonNode json(String path) {
        return json.readTree(text(path));
    }

    private static HttpStatus status(String path) {
        return site.get().uri(path)
                .exchangeToMono(response -> response.releaseBody()
                        .thenReturn(HttpStatus.valueOf(response.statusCode().value())))
                .block();
    }
}
