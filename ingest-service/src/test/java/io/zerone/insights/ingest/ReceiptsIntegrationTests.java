package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.zerone.insights.events.InsightTakenDown;
import io.zerone.insights.events.RevisionScheduled;
import io.zerone.insights.events.RevisionSuperseded;
import io.zerone.insights.events.RevisionWentLive;
import io.zerone.insights.testsupport.SeedInsights;
import io.zerone.insights.testsupport.WithKafka;
import io.zerone.insights.testsupport.WithPostgres;
import io.zerone.insights.testsupport.openapi.ValidatedAgainst;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Receipts and waits against a real broker and database: ingest's own listeners read what render-service and
 * query-service report (written here as they write it) and move each receipt on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + IngestServiceApplication.CONFIG_NAME,
                // a list binds from one property source only: the development client again, then another
                "insights.ingest.clients[0].id=dev-editor",
                "insights.ingest.clients[0].key-sha256=456e731fdebcb8090a63d65391933493cf57e89fceb206dbdb62404ca2047a69",
                "insights.ingest.clients[1].id=other-editor",
                "insights.ingest.clients[1].key-sha256=16a75b22d8536db9790a4f4cb337ff66ee1a713cd5ddd0cbfe6c2027589e5b31",
                // its own offsets: other test contexts on the shared broker (one with a database that is away) may
                // still be in the default group
                "insights.ingest.receipts.group-id=receipts-integration-tests",
                "insights.ingest.receipts.site-url=https://insights.example.com/",
                // no poll in time for any test: a wait ends only because the database notified it
                "insights.ingest.receipts.poll-interval=1h"})
@AutoConfigureWebTestClient(timeout = "40s")
@WithKafka
@WithPostgres
@ValidatedAgainst(IngestApi.DESCRIPTION)
class ReceiptsIntegrationTests {

    static final String OTHER_KEY = "Bearer other-editor-key";

    @Autowired
    WebTestClient http;

    @Autowired
    MeterRegistry meters;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    final JsonMapper json = JsonMapper.builder().build();
    PipelineReports pipeline;
    InsightEventsTopic published;

    @BeforeEach
    void connect() {
        pipeline = new PipelineReports(bootstrapServers);
        published = new InsightEventsTopic(bootstrapServers);
    }

    @AfterEach
    void close() {
        pipeline.close();
        published.close();
    }

    @Test
    void publishIsAcceptedThenRenderedThenLiveEachStepTimedOnce() {
        String slug = slug();

        EntityExchangeResult<JsonNode> accepted = publish(slug, null, null).expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult();
        UUID eventId = UUID.fromString(accepted.getResponseBody().get("eventId").stringValue());
        String receipt = "/api/publishes/" + eventId;

        assertThat(accepted.getResponseHeaders().getFirst(HttpHeaders.LINK)).isEqualTo("<" + receipt + ">; rel=\"receipt\"");
        assertThat(accepted.getResponseBody().get("receipt").stringValue()).isEqualTo(receipt);
        assertThat(accepted.getResponseBody().get("status").stringValue()).isEqualTo("accepted");
        // the page on the site, as the 201 of a wait names it: resolved against ingest, /api/insights/{slug} was a 405
        assertThat(accepted.getResponseHeaders().getLocation()).hasToString("https://insights.example.com/insights/" + slug);
        JsonNode fresh = receipt(eventId);
        assertThat(fresh.get("state").stringValue()).isEqualTo("accepted");
        assertThat(fresh.get("kind").stringValue()).isEqualTo("publish");
        assertThat(fresh.get("slug").stringValue()).isEqualTo(slug);

        pipeline.rendered(eventId, slug);
        awaitState(eventId, "rendered");
        Instant liveAt = Instant.parse("2026-11-26T01:00:00Z");
        pipeline.status(new RevisionWentLive(UUID.randomUUID(), Instant.now(), eventId, PipelineReports.revision(1),
                slug, liveAt));
        awaitState(eventId, "live");
        // late and repeated reports: a rendering read after the live it led to, and the live again
        pipeline.rendered(eventId, slug);
        pipeline.status(new RevisionWentLive(UUID.randomUUID(), Instant.now(), eventId, PipelineReports.revision(1),
                slug, liveAt.plusSeconds(60)));
        // a later publish's reports on both topics: once they are read, so are the late ones before them
        String later = slug();
        UUID marker = publishAndRead(later);
        pipeline.rendered(marker, later);
        awaitState(marker, "rendered");
        pipeline.status(new RevisionSuperseded(UUID.randomUUID(), Instant.now(), marker, PipelineReports.revision(5),
                later, PipelineReports.revision(6)));
        awaitState(marker, "superseded");

        JsonNode live = receipt(eventId);
        assertThat(live.get("state").stringValue()).isEqualTo("live");
        assertThat(live.get("steps").valueStream().map(step -> step.get("state").stringValue()).toList())
                .containsExactly("accepted", "rendered", "live");
        assertThat(Instant.parse(live.get("steps").get(2).get("at").stringValue())).isEqualTo(liveAt);
        assertThat(live.get("steps").valueStream().map(step -> step.get("at").stringValue()))
                .allSatisfy(at -> assertThat(at).matches(Times.TO_THE_MICROSECOND));
        assertThat(live.has("reason")).isFalse();
    }

    @Test
    void renderDeadLetterFailsThePublishWithItsReason() {
        String slug = slug();
        UUID eventId = publishAndRead(slug);

        pipeline.renderDeadLetter(eventId, slug, "slug is not a safe path segment");

        JsonNode failed = awaitState(eventId, "failed");
        assertThat(failed.get("reason").stringValue()).isEqualTo("slug is not a safe path segment");
        assertThat(steps(failed)).containsExactly("accepted", "failed");
    }

    @Test
    void deadLetterWithANulInItsKeyAndReasonFailsThePublishWithTheNulReplaced() {
        String slug = slug();
        UUID eventId = publishAndRead(slug);

        pipeline.renderDeadLetter(eventId, slug + "\u0000", "cannot render \u0000 here");

        JsonNode failed = awaitState(eventId, "failed");
        assertThat(failed.get("reason").stringValue()).isEqualTo("cannot render \ufffd here");
    }

    @Test
    void projectionDeadLetterFailsTheRenderedPublishWithItsReason() {
        String slug = slug();
        UUID eventId = publishAndRead(slug);
        pipeline.rendered(eventId, slug);
        awaitState(eventId, "rendered");

        pipeline.projectionDeadLetter(eventId, slug, "not an event of the contract: bad revision");

        JsonNode failed = awaitState(eventId, "failed");
        assertThat(failed.get("reason").stringValue()).isEqualTo("not an event of the contract: bad revision");
        assertThat(steps(failed)).containsExactly("accepted", "rendered", "failed");
    }

    @Test
    void publishOvertakenByANewerRevisionIsSuperseded() {
        String slug = slug();
        UUID eventId = publishAndRead(slug);

        pipeline.status(new RevisionSuperseded(UUID.randomUUID(), Instant.now(), eventId, PipelineReports.revision(3),
                slug, PipelineReports.revision(4)));

        JsonNode superseded = awaitState(eventId, "superseded");
        assertThat(superseded.get("reason").stringValue()).contains("offset 4");
    }

    @Test
    void statusesWithANulInTheSlugOrATimeInTheLastYearAnInstantHoldsMoveTheirReceiptsAndHoldUpNoOther() {
        String slug = slug();
        UUID superseded = publishAndRead(slug);
        UUID scheduled = publishAndRead(slug());
        String next = slug();
        UUID live = publishAndRead(next);

        // insight-status is query-service's, which writes neither; a producer that is not query-service may
        pipeline.status(new RevisionSuperseded(UUID.randomUUID(), Instant.now(), superseded,
                PipelineReports.revision(3), slug + "\u0000", PipelineReports.revision(4)));
        pipeline.status(new RevisionScheduled(UUID.randomUUID(), Instant.now(), scheduled, PipelineReports.revision(1),
                slug, Instant.parse("+1000000000-01-01T00:00:00Z")));
        pipeline.status(new RevisionWentLive(UUID.randomUUID(), Instant.now(), live, PipelineReports.revision(5),
                next, Instant.now()));

        assertThat(awaitState(superseded, "superseded").get("reason").stringValue()).contains(slug + "\ufffd");
        // scheduled for no time a receipt can say: without one, as a time past the year 9999 is
        assertThat(awaitState(scheduled, "scheduled").has("scheduledFor")).isFalse();
        awaitState(live, "live");
    }

    @Test
    void scheduledPublishSaysWhenThenGoesLive() {
        String slug = slug();
        UUID eventId = publishAndRead(slug);
        Instant monday = Instant.parse("2027-01-04T09:00:00Z");

        pipeline.status(new RevisionScheduled(UUID.randomUUID(), Instant.now(), eventId, PipelineReports.revision(1),
                slug, monday));

        JsonNode scheduled = awaitState(eventId, "scheduled");
        assertThat(Instant.parse(scheduled.get("scheduledFor").stringValue())).isEqualTo(monday);

        pipeline.status(new RevisionWentLive(UUID.randomUUID(), Instant.now(), eventId, PipelineReports.revision(1),
                slug, monday));

        JsonNode live = awaitState(eventId, "live");
        assertThat(Instant.parse(live.get("scheduledFor").stringValue())).isEqualTo(monday);
        assertThat(steps(live)).containsExactly("accepted", "scheduled", "live");
    }

    @Test
    void unpublishThatTookEffectIsRemoved() {
        String slug = slug();
        JsonNode accepted = unpublish(slug, null).expectStatus().isAccepted()
                .expectHeader().exists(HttpHeaders.LINK)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        UUID eventId = UUID.fromString(accepted.get("eventId").stringValue());

        pipeline.status(new InsightTakenDown(UUID.randomUUID(), Instant.now(), eventId, PipelineReports.revision(2),
                slug, Instant.now()));

        JsonNode removed = awaitState(eventId, "removed");
        assertThat(removed.get("kind").stringValue()).isEqualTo("unpublish");
    }

    @Test
    void anotherClientsUnknownOrMalformedReceiptIsTheSame404() {
        UUID eventId = publishAndRead(slug());

        List<JsonNode> answers = new ArrayList<>();
        for (String id : List.of(eventId.toString(), UUID.randomUUID().toString(), "not-a-uuid")) {
            ObjectNode problem = (ObjectNode) http.get().uri("/api/publishes/" + id)
                    .header(HttpHeaders.AUTHORIZATION, OTHER_KEY).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(problem.get("instance").stringValue()).isEqualTo("/api/publishes/" + id);
            answers.add(problem.without("instance"));
        }
        // the same problem but for the address it names: nothing tells a receipt of another client from no receipt
        assertThat(answers).allSatisfy(answer -> assertThat(answer).isEqualTo(answers.get(0)));
        assertThat(answers.get(0).get("status").intValue()).isEqualTo(404);
        http.get().uri("/api/publishes/" + eventId).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void retriedPostWithTheSameIdempotencyKeyGetsTheSameReceipt() {
        String slug = slug();
        String key = "cms-" + UUID.randomUUID();

        EntityExchangeResult<JsonNode> first = publish(slug, key, null).expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult();
        EntityExchangeResult<JsonNode> retry = publish(slug, key, null).expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult();

        assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(retry.getResponseHeaders().get(HttpHeaders.LINK))
                .isEqualTo(first.getResponseHeaders().get(HttpHeaders.LINK));
        UUID eventId = UUID.fromString(first.getResponseBody().get("eventId").stringValue());
        assertThat(steps(receipt(eventId))).containsExactly("accepted");
    }

    @Test
    void waitAnswers201WithThePageOnceTheReceiptIsLive() {
        String slug = slug();
        long started = System.nanoTime();

        CompletableFuture<EntityExchangeResult<JsonNode>> answer = CompletableFuture.supplyAsync(() ->
                publish(slug, null, "wait=20").expectBody(JsonNode.class).returnResult());
        UUID eventId = eventIdOf(published.atLeast(1), slug);
        pipeline.status(new RevisionWentLive(UUID.randomUUID(), Instant.now(), eventId, PipelineReports.revision(1),
                slug, Instant.now()));

        EntityExchangeResult<JsonNode> live = answer.join();
        assertThat(live.getStatus()).isEqualTo(HttpStatus.CREATED);
        assertThat(live.getResponseHeaders().getFirst("Preference-Applied")).isEqualTo("wait=20");
        assertThat(live.getResponseHeaders().getLocation())
                .hasToString("https://insights.example.com/insights/" + slug);
        assertThat(live.getResponseHeaders().getFirst(HttpHeaders.LINK)).contains("/api/publishes/" + eventId);
        assertThat(live.getResponseBody().get("status").stringValue()).isEqualTo("live");
        assertThat(live.getResponseBody().get("eventId").stringValue()).isEqualTo(eventId.toString());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void waitThatRunsOutAnswersTheUsual202() {
        String slug = slug();
        double timedOut = Counters.count(meters, "insights.ingest.waits", "outcome", "timed_out");
        long started = System.nanoTime();

        publish(slug, null, "wait=1").expectStatus().isAccepted()
                .expectHeader().doesNotExist("Preference-Applied")
                .expectHeader().exists(HttpHeaders.LINK)
                .expectBody().jsonPath("$.status").isEqualTo("accepted");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        // counted before the answer is written; by one, for a series at 0 is in the scrape as well
        assertThat(Counters.count(meters, "insights.ingest.waits", "outcome", "timed_out")).isEqualTo(timedOut + 1);
    }

    @Test
    void waitEndsAt202AtOnceWhenThePublishFailed() {
        String slug = slug();
        long started = System.nanoTime();

        CompletableFuture<EntityExchangeResult<JsonNode>> answer = CompletableFuture.supplyAsync(() ->
                publish(slug, null, "wait=30").expectBody(JsonNode.class).returnResult());
        UUID eventId = eventIdOf(published.atLeast(1), slug);
        pipeline.renderDeadLetter(eventId, slug, "cannot render");

        assertThat(answer.join().getStatus()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));
    }

    @Test
    void retryWithALongerWaitAfterLiveAnswers201AtOnceWithTheWaitCappedAt30() {
        String slug = slug();
        String key = "cms-" + UUID.randomUUID();
        UUID eventId = UUID.fromString(publish(slug, key, null).expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("eventId").stringValue());
        pipeline.status(new RevisionWentLive(UUID.randomUUID(), Instant.now(), eventId, PipelineReports.revision(1),
                slug, Instant.now()));
        awaitState(eventId, "live");

        publish(slug, key, "wait=120").expectStatus().isCreated()
                .expectHeader().valueEquals("Preference-Applied", "wait=30")
                .expectBody().jsonPath("$.eventId").isEqualTo(eventId.toString());
    }

    @Test
    void unpublishWithWaitAnswers200OnceRemoved() {
        String slug = slug();

        CompletableFuture<EntityExchangeResult<JsonNode>> answer = CompletableFuture.supplyAsync(() ->
                unpublish(slug, "respond-async, wait=20").expectBody(JsonNode.class).returnResult());
        UUID eventId = eventIdOf(published.atLeast(1), slug);
        pipeline.status(new InsightTakenDown(UUID.randomUUID(), Instant.now(), eventId, PipelineReports.revision(2),
                slug, Instant.now()));

        EntityExchangeResult<JsonNode> removed = answer.join();
        assertThat(removed.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(removed.getResponseHeaders().getFirst("Preference-Applied")).isEqualTo("wait=20");
        assertThat(removed.getResponseBody().get("status").stringValue()).isEqualTo("removed");
    }

    private UUID publishAndRead(String slug) {
        return UUID.fromString(publish(slug, null, null).expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("eventId").stringValue());
    }

    private JsonNode receipt(UUID eventId) {
        return http.get().uri("/api/publishes/" + eventId)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode awaitState(UUID eventId, String state) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> receipt(eventId).get("state").stringValue(), state::equals);
        return receipt(eventId);
    }

    private static List<String> steps(JsonNode receipt) {
        return receipt.get("steps").valueStream().map(step -> step.get("state").stringValue()).toList();
    }

    private static UUID eventIdOf(List<ConsumerRecord<String, byte[]>> records, String slug) {
        return records.stream().filter(record -> slug.equals(record.key()))
                .map(record -> UUID.fromString(InsightEventsTopic.header(record, "ce_id")))
                .findFirst().orElseThrow();
    }

    private static String slug() {
        return "receipt-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private WebTestClient.ResponseSpec publish(String slug, String idempotencyKey, String prefer) {
        ObjectNode payload = (ObjectNode) json.readTree(SeedInsights.payloads().get(0));
        payload.put("slug", slug);
        return http.post().uri("/api/insights")
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .headers(h -> {
                    if (idempotencyKey != null) {
                        h.set("Idempotency-Key", idempotencyKey);
                    }
                    if (prefer != null) {
                        h.set("Prefer", prefer);
                    }
                })
                .bodyValue(payload.toString())
                .exchange();
    }

    private WebTestClient.ResponseSpec unpublish(String slug, String prefer) {
        return http.delete().uri("/api/insights/" + slug)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .headers(h -> {
                    if (prefer != null) {
                        h.set("Prefer", prefer);
                    }
                })
                .exchange();
    }
}
