package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.InsightUnpublished;
import io.zerone.insights.testsupport.openapi.ValidatedAgainst;
import io.zerone.insights.testsupport.SeedInsights;
import io.zerone.insights.testsupport.WithKafka;
import io.zerone.insights.testsupport.WithPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The publishing API against a real broker: what an editorial system sends is what lands on the topic. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + IngestServiceApplication.CONFIG_NAME)
@ValidatedAgainst(IngestApi.DESCRIPTION)
@AutoConfigureWebTestClient
@WithKafka
@WithPostgres
class PublishingIntegrationTests {

    static final String DEV_KEY = "Bearer dev-insights-key";

    @Autowired
    WebTestClient http;

    @Autowired
    MeterRegistry meters;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    final CloudEventCodec codec = new CloudEventCodec();
    final JsonMapper json = JsonMapper.builder().build();
    InsightEventsTopic topic;

    @BeforeEach
    void readTopicFromItsCurrentEnd() {
        topic = new InsightEventsTopic(bootstrapServers);
    }

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void seedInsightsLandOnTheTopicKeyedBySlugAsCloudEvents() {
        List<String> payloads = SeedInsights.payloads();

        List<UUID> eventIds = new ArrayList<>();
        for (String payload : payloads) {
            String slug = json.readTree(payload).get("slug").stringValue();
            JsonNode accepted = publish(payload, null)
                    .expectStatus().isAccepted()
                    .expectHeader().location("http://localhost:8080/insights/" + slug)
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(accepted.get("slug").stringValue()).isEqualTo(slug);
            assertThat(accepted.get("status").stringValue()).isEqualTo("accepted");
            eventIds.add(UUID.fromString(accepted.get("eventId").stringValue()));
        }

        List<ConsumerRecord<String, byte[]>> records = topic.atLeast(payloads.size());
        assertThat(records).hasSize(9);
        for (ConsumerRecord<String, byte[]> record : records) {
            InsightPublished event = (InsightPublished) codec.fromRecord(record);
            JsonNode sent = payloads.stream().map(json::readTree)
                    .filter(p -> p.get("slug").stringValue().equals(record.key())).findFirst().orElseThrow();
            assertThat(eventIds).contains(event.eventId());
            assertThat(header(record, "ce_id")).isEqualTo(event.eventId().toString());
            assertThat(header(record, "ce_type")).isEqualTo("insight.published.v2");
            assertThat(header(record, "ce_source")).isEqualTo("/editorial/dev-editor");
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(record, "content-type")).isEqualTo("application/json");
            assertThat(Instant.parse(header(record, "ce_time"))).isEqualTo(event.occurredAt());
            assertThat(header(record, "ce_time")).matches(Times.TO_THE_MICROSECOND);
            assertThat(event.source()).isEqualTo("dev-editor");
            assertThat(event.insight().title()).isEqualTo(sent.get("title").stringValue());
            assertThat(event.insight().summary()).isEqualTo(sent.get("summary").stringValue());
            assertThat(event.insight().category()).isEqualTo(sent.get("category").stringValue());
            assertThat(event.insight().publishedAt()).isEqualTo(Instant.parse(sent.get("publishedAt").stringValue()));
            assertThat(event.insight().readingMinutes()).isEqualTo(sent.get("readingMinutes").intValue());
            assertThat(event.insight().caseRef()).isEqualTo(sent.get("caseRef").stringValue());
            assertThat(event.insight().tags()).containsExactlyElementsOf(
                    sent.get("tags").valueStream().map(JsonNode::stringValue).toList());
            assertThat(event.insight().language()).isEqualTo("en");
            assertThat(event.body()).isEqualTo(sent.get("body").stringValue());
            // the value is plain JSON of the event, readable without this codebase
            assertThat(json.readTree(record.value()).get("insight").get("slug").stringValue()).isEqualTo(record.key());
        }
    }

    @Test
    void retryWithTheSameIdempotencyKeyGetsTheSameEventIdAndPublishesOnce() {
        String payload = SeedInsights.payloads().get(4);
        String key = "cms-request-" + UUID.randomUUID();

        String first = publish(payload, key).expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("eventId").stringValue();
        String retry = publish(payload, key).expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("eventId").stringValue();
        String other = publish(payload, key + "-other").expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("eventId").stringValue();

        assertThat(retry).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(topic.exactly(2)).extracting(record -> header(record, "ce_id")).containsExactly(first, other);
    }

    @Test
    void aSlugDerivedFromAnotherTitleIsRefusedAndTheInsightThatHoldsItIsNotReplaced() {
        String n = Long.toString(System.nanoTime());
        String slug = "c-in-production-" + n;
        publish(withoutSlug("C++ in production " + n), null).expectStatus().isAccepted()
                .expectBody().jsonPath("$.slug").isEqualTo(slug);

        publish(withoutSlug("C# in production " + n), null)
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().doesNotExist(HttpHeaders.RETRY_AFTER)
                .expectBody().jsonPath("$.code").isEqualTo("slug_taken")
                .jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                        .contains("'" + slug + "'", "'C++ in production " + n + "'", "send a slug"));
        // the same title revises; a slug of its own publishes the other insight
        publish(withoutSlug("C++ in production " + n), null).expectStatus().isAccepted();
        publish(withSlug(withoutSlug("C# in production " + n), "c-sharp-in-production-" + n), null)
                .expectStatus().isAccepted();

        assertThat(topic.exactly(3)).extracting(record -> record.key() + " " + titleOf(record)).containsExactlyInAnyOrder(
                slug + " C++ in production " + n, slug + " C++ in production " + n,
                "c-sharp-in-production-" + n + " C# in production " + n);
    }

    @Test
    void aTitleTypedInDecomposedFormIsTheSameTitleAndEveryTextIsPublishedComposed() {
        String n = Long.toString(System.nanoTime());
        String composed = "R\u00e9sum\u00e9 writing for engineers " + n;
        String decomposed = "Re\u0301sume\u0301 writing for engineers " + n;
        publish(withoutSlug(composed), null).expectStatus().isAccepted();

        // the same title as a person reads it, though other code points: it revises, it takes no other's slug
        ObjectNode typed = (ObjectNode) json.readTree(withoutSlug(decomposed));
        typed.put("summary", "Cafe\u0301 notes").put("category", "Re\u0301sume\u0301s")
                .put("body", "Nai\u0308ve *re\u0301sume\u0301s*.");
        publish(typed.toString(), null).expectStatus().isAccepted()
                .expectBody().jsonPath("$.slug").isEqualTo("resume-writing-for-engineers-" + n);
        http.delete().uri(uri -> uri.path("/api/insights/resume-writing-for-engineers-" + n)
                        .queryParam("reason", "{reason}").build("re\u0301sume\u0301 withdrawn"))
                .header(HttpHeaders.AUTHORIZATION, DEV_KEY).exchange().expectStatus().isAccepted();

        List<ConsumerRecord<String, byte[]>> records = topic.exactly(3);
        InsightPublished revision = (InsightPublished) codec.fromRecord(records.get(1));
        assertThat(revision.insight().title()).isEqualTo(composed);
        assertThat(revision.insight().summary()).isEqualTo("Caf\u00e9 notes");
        assertThat(revision.insight().category()).isEqualTo("R\u00e9sum\u00e9s");
        assertThat(revision.body()).isEqualTo("Na\u00efve *r\u00e9sum\u00e9s*.");
        assertThat(((InsightUnpublished) codec.fromRecord(records.get(2))).reason())
                .isEqualTo("r\u00e9sum\u00e9 withdrawn");
    }

    @Test
    void anUnpublishedSlugCanBeDerivedByAnotherTitleAndASentSlugAlwaysRevises() {
        String n = Long.toString(System.nanoTime());
        String slug = "c-in-production-" + n;
        publish(withoutSlug("C++ in production " + n), null).expectStatus().isAccepted();
        // a sent slug names the insight it revises, whatever its title: the title it brings holds the slug now
        publish(withSlug(withoutSlug("C++ at scale " + n), slug), null).expectStatus().isAccepted();
        publish(withoutSlug("C++ in production " + n), null).expectStatus().isEqualTo(409);

        http.delete().uri("/api/insights/" + slug).header(HttpHeaders.AUTHORIZATION, DEV_KEY)
                .exchange().expectStatus().isAccepted();
        publish(withoutSlug("C# in production " + n), null).expectStatus().isAccepted()
                .expectBody().jsonPath("$.slug").isEqualTo(slug);

        assertThat(topic.exactly(4)).extracting(record -> header(record, "ce_type")).containsExactly(
                "insight.published.v2", "insight.published.v2", "insight.unpublished.v1", "insight.published.v2");
    }

    @Test
    void aRevisionSentWithoutADateKeepsItsInsightsDateAndOneSentWithADateMovesIt() {
        String slug = "dated-" + System.nanoTime();
        ObjectNode undated = (ObjectNode) json.readTree(withSlug(SeedInsights.payloads().get(2), slug));
        undated.remove("publishedAt");
        Instant sentDate = Instant.parse("2026-03-01T08:00:00Z");

        publish(undated.toString(), null).expectStatus().isAccepted();
        Instant first = publishedAt(topic.exactly(1).get(0));
        // a typo fixed: the insight keeps the date it was published at, and its place in the listing and the feed
        publish(undated.put("summary", "Corrected summary.").toString(), null).expectStatus().isAccepted();
        publish(undated.deepCopy().put("publishedAt", sentDate.toString()).toString(), null).expectStatus().isAccepted();
        publish(undated.put("summary", "Corrected again.").toString(), null).expectStatus().isAccepted();
        // after an unpublish the slug is a new insight, dated when it is published again
        http.delete().uri("/api/insights/" + slug).header(HttpHeaders.AUTHORIZATION, DEV_KEY)
                .exchange().expectStatus().isAccepted();
        publish(undated.toString(), null).expectStatus().isAccepted();

        List<ConsumerRecord<String, byte[]>> records = topic.exactly(6);
        assertThat(publishedAt(records.get(1))).isEqualTo(first);
        assertThat(publishedAt(records.get(2))).isEqualTo(sentDate);
        assertThat(publishedAt(records.get(3))).isEqualTo(sentDate);
        assertThat(publishedAt(records.get(5))).isAfter(first);
    }

    @Test
    void unpublishWritesInsightUnpublished() {
        http.delete().uri("/api/insights/commit-before-async-io?reason=merged into a case study")
                .header(HttpHeaders.AUTHORIZATION, DEV_KEY)
                .exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.slug").isEqualTo("commit-before-async-io");

        ConsumerRecord<String, byte[]> record = topic.atLeast(1).get(0);
        assertThat(record.key()).isEqualTo("commit-before-async-io");
        assertThat(header(record, "ce_type")).isEqualTo("insight.unpublished.v1");
        InsightUnpublished event = (InsightUnpublished) codec.fromRecord(record);
        assertThat(event.reason()).isEqualTo("merged into a case study");
        assertThat(event.source()).isEqualTo("dev-editor");
    }

    @Test
    void acceptedAndRejectedPublishesAreCounted() {
        double accepted = Counters.count(meters, "insights.ingest.accepted", "operation", "publish");
        double rejected = Counters.count(meters, "insights.ingest.rejected", "reason", "invalid");
        long acknowledged = meters.get("insights.ingest.kafka.ack").timer().count();

        publish(SeedInsights.payloads().get(0), null).expectStatus().isAccepted();
        publish("{\"title\": 1}", null).expectStatus().isBadRequest();

        // each by one, once it happened: a counter that is only registered is in the scrape too, at 0
        assertThat(Counters.count(meters, "insights.ingest.accepted", "operation", "publish")).isEqualTo(accepted + 1);
        assertThat(Counters.count(meters, "insights.ingest.rejected", "reason", "invalid")).isEqualTo(rejected + 1);
        assertThat(meters.get("insights.ingest.kafka.ack").timer().count()).isEqualTo(acknowledged + 1);
        String metrics = http.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).contains("insights_ingest_accepted_total{application=\"ingest-service\",operation=\"publish\"}");
        assertThat(metrics).contains("insights_ingest_rejected_total{application=\"ingest-service\",reason=\"invalid\"}");
        assertThat(metrics).contains("insights_ingest_kafka_ack_seconds_count");
    }

    @Test
    void healthProbesAnswer() {
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

    @Test
    void servesItsOpenApiDescriptionWithoutAKey() throws Exception {
        byte[] served = http.get().uri("/openapi.yaml").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("application/yaml")
                .expectHeader().cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .expectBody().returnResult().getResponseBody();

        assertThat(served).isEqualTo(new ClassPathResource(IngestApi.DESCRIPTION).getContentAsByteArray());
        http.head().uri("/openapi.yaml").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("application/yaml")
                .expectHeader().contentLength(served.length)
                .expectBody().isEmpty();
    }

    private WebTestClient.ResponseSpec publish(String payload, String idempotencyKey) {
        return http.post().uri("/api/insights")
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, DEV_KEY)
                .headers(h -> {
                    if (idempotencyKey != null) {
                        h.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .bodyValue(payload)
                .exchange();
    }

    private String withoutSlug(String title) {
        ObjectNode payload = (ObjectNode) json.readTree(SeedInsights.payloads().get(2));
        payload.remove("slug");
        payload.put("title", title);
        return payload.toString();
    }

    private String withSlug(String payload, String slug) {
        return ((ObjectNode) json.readTree(payload)).put("slug", slug).toString();
    }

    private Instant publishedAt(ConsumerRecord<String, byte[]> record) {
        return ((InsightPublished) codec.fromRecord(record)).insight().publishedAt();
    }

    private String titleOf(ConsumerRecord<String, byte[]> record) {
        return ((InsightPublished) codec.fromRecord(record)).insight().title();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return InsightEventsTopic.header(record, name);
    }
}
