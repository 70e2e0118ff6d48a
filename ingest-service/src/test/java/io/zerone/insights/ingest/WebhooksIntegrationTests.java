package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.zerone.insights.events.InsightTakenDown;
import io.zerone.insights.events.RevisionWentLive;
import io.zerone.insights.ingest.WebhookReceiver.Received;
import io.zerone.insights.testsupport.SeedInsights;
import io.zerone.insights.testsupport.WithKafka;
import io.zerone.insights.testsupport.WithPostgres;
import io.zerone.insights.testsupport.openapi.ValidatedAgainst;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Signed webhooks through the real broker and database: the pipeline's reports are written as render-service and
 * query-service write them, ingest's webhook listeners turn them into deliveries, and two subscribers, real HTTP
 * servers that verify every signature as the Standard Webhooks specification says, receive them: one wants every
 * event, the other only insight.live.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + IngestServiceApplication.CONFIG_NAME,
                // its own offsets, apart from other contexts on the shared broker
                "insights.webhooks.group-id=webhooks-integration-tests",
                "insights.webhooks.site-url=https://insights.example.com/",
                // retries in test time: 200 ms, 400 ms, then given up after the third attempt
                "insights.webhooks.initial-backoff=200ms",
                "insights.webhooks.max-backoff=1s",
                "insights.webhooks.max-attempts=3",
                "insights.webhooks.request-timeout=5s",
                "insights.webhooks.poll-interval=200ms"})
@AutoConfigureWebTestClient(timeout = "30s")
@WithKafka
@WithPostgres
@ValidatedAgainst(IngestApi.DESCRIPTION)
// the listeners would go on delivering other test classes' reports to a receiver that is gone
@DirtiesContext
class WebhooksIntegrationTests {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ALL = "/all";
    static final String LIVE_ONLY = "/live-only";
    static final List<String> LISTENERS = List.of("webhooks-status", "webhooks-render-dlt", "webhooks-projection-dlt");

    static final WebhookReceiver receiver = new WebhookReceiver(SECRET);

    @DynamicPropertySource
    static void subscribers(DynamicPropertyRegistry registry) {
        // a list binds from one property source only: every subscriber here
        registry.add("insights.webhooks.subscribers[0].url", () -> receiver.url(ALL) + "?token=not-in-the-log");
        registry.add("insights.webhooks.subscribers[0].secret", () -> SECRET);
        registry.add("insights.webhooks.subscribers[1].url", () -> receiver.url(LIVE_ONLY));
        registry.add("insights.webhooks.subscribers[1].secret", () -> SECRET);
        registry.add("insights.webhooks.subscribers[1].events", () -> "insight.live");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    MeterRegistry meters;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    ApplicationContext context;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    final JsonMapper json = JsonMapper.builder().build();
    PipelineReports pipeline;

    @BeforeEach
    void connect() {
        pipeline = new PipelineReports(bootstrapServers);
        // a new group starts at the end of its topics: report nothing before the listeners have their partitions
        await().atMost(Duration.ofSeconds(30)).until(() -> LISTENERS.stream()
                .allMatch(id -> !listeners.getListenerContainer(id).getAssignedPartitions().isEmpty()));
    }

    @AfterEach
    void close() {
        pipeline.close();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void publishThatWentLiveIsDeliveredSignedToEverySubscriberOfInsightLive() {
        String slug = slug();
        UUID eventId = publish(slug);
        Instant liveAt = Instant.now();

        long reported = System.nanoTime();
        pipeline.status(new RevisionWentLive(UUID.randomUUID(), Instant.now(), eventId, PipelineReports.revision(1),
                slug, liveAt));

        Received all = awaitOne(ALL, slug);
        Received liveOnly = awaitOne(LIVE_ONLY, slug);
        System.out.printf("RESULT webhook status-reported-to-delivered ms=%.1f (all) %.1f (live-only)%n",
                (all.receivedNanos() - reported) / 1e6, (liveOnly.receivedNanos() - reported) / 1e6);
        assertThat(all.verified()).isTrue();
        assertThat(liveOnly.verified()).isTrue();
        assertThat(all.webhookId()).startsWith("msg_").isEqualTo(liveOnly.webhookId());
        assertThat(all.timestamp()).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        JsonNode body = all.json();
        assertThat(body.get("type").stringValue()).isEqualTo("insight.live");
        // query-service's times are PostgreSQL's, to the microsecond; this one is finer, and is sent as they are
        assertThat(body.get("timestamp").stringValue()).matches(Times.TO_THE_MICROSECOND);
        assertThat(Instant.parse(body.get("timestamp").stringValue())).isEqualTo(liveAt.truncatedTo(ChronoUnit.MICROS));
        assertThat(body.get("data").get("liveAt").stringValue()).isEqualTo(body.get("timestamp").stringValue());
        assertThat(body.get("data").get("eventId").stringValue()).isEqualTo(eventId.toString());
        assertThat(body.get("data").get("url").stringValue()).isEqualTo("https://insights.example.com/insights/" + slug);
        assertThat(liveOnly.body()).isEqualTo(all.body());
    }

    @Test
    void unpublishThatTookEffectIsDeliveredAsInsightRemovedOnlyToItsSubscribers() {
        String slug = slug();
        UUID eventId = unpublish(slug);

        pipeline.status(new InsightTakenDown(UUID.randomUUID(), Instant.now(), eventId, PipelineReports.revision(2),
                slug, Instant.now()));

        Received removed = awaitOne(ALL, slug);
        assertThat(removed.verified()).isTrue();
        assertThat(removed.type()).isEqualTo("insight.removed");
        assertThat(removed.json().get("data").get("eventId").stringValue()).isEqualTo(eventId.toString());
        awaitLogged(slug, ALL, "delivered");
        assertThat(logged(slug, LIVE_ONLY)).as("no delivery for a subscriber of insight.live only").isEmpty();
        assertThat(receiver.at(LIVE_ONLY, slug)).isEmpty();
    }

    @Test
    void deadLettersAreDeliveredAsInsightFailedWithTheirReason() {
        String unrenderable = slug();
        String unprojectable = slug();
        UUID renderFailed = publish(unrenderable);
        UUID projectionFailed = publish(unprojectable);

        pipeline.renderDeadLetter(renderFailed, unrenderable, "slug is not a safe path segment");
        pipeline.projectionDeadLetter(projectionFailed, unprojectable, "not an event of the contract: bad revision");

        JsonNode render = awaitOne(ALL, unrenderable).json();
        assertThat(render.get("type").stringValue()).isEqualTo("insight.failed");
        assertThat(render.get("timestamp").stringValue()).matches(Times.TO_THE_MICROSECOND);
        assertThat(render.get("data").get("eventId").stringValue()).isEqualTo(renderFailed.toString());
        assertThat(render.get("data").get("stage").stringValue()).isEqualTo("render");
        assertThat(render.get("data").get("reason").stringValue()).isEqualTo("slug is not a safe path segment");
        JsonNode projection = awaitOne(ALL, unprojectable).json();
        assertThat(projection.get("data").get("eventId").stringValue()).isEqualTo(projectionFailed.toString());
        assertThat(projection.get("data").get("stage").stringValue()).isEqualTo("projection");
        assertThat(projection.get("data").get("reason").stringValue())
                .isEqualTo("not an event of the contract: bad revision");
        awaitLogged(unprojectable, ALL, "delivered");
        assertThat(logged(unrenderable, LIVE_ONLY)).isEmpty();
        assertThat(logged(unprojectable, LIVE_ONLY)).isEmpty();
    }

    @Test
    void deadLetterWithANulInItsKeyAndReasonIsDeliveredWithTheNulReplaced() {
        String slug = slug();
        UUID eventId = publish(slug);

        pipeline.renderDeadLetter(eventId, slug + "\u0000", "cannot render \u0000 here");

        JsonNode failed = awaitOne(ALL, slug + "\ufffd").json();
        assertThat(failed.get("data").get("eventId").stringValue()).isEqualTo(eventId.toString());
        assertThat(failed.get("data").get("reason").stringValue()).isEqualTo("cannot render \ufffd here");
        awaitLogged(slug + "\ufffd", ALL, "delivered");
    }

    @Test
    void statusWithANulInItsSlugIsDeliveredWithTheNulReplacedAndTheNextStatusToo() {
        String slug = slug();
        UUID eventId = publish(slug);
        String next = slug();
        UUID nextId = publish(next);

        // insight-status is query-service's, which stores no NUL; a producer that is not query-service may write one
        pipeline.status(new RevisionWentLive(UUID.randomUUID(), Instant.now(), eventId, PipelineReports.revision(1),
                slug + "\u0000", Instant.now()));
        pipeline.status(new RevisionWentLive(UUID.randomUUID(), Instant.now(), nextId, PipelineReports.revision(2),
                next, Instant.now()));

        JsonNode live = awaitOne(ALL, slug + "\ufffd").json();
        assertThat(live.get("data").get("eventId").stringValue()).isEqualTo(eventId.toString());
        awaitLogged(slug + "\ufffd", ALL, "delivered");
        awaitOne(ALL, next);
    }

    @Test
    void deliveryAnswered500IsRetriedWithTheSameWebhookId() {
        String slug = slug();
        UUID eventId = publish(slug);
        receiver.failOnce(slug);
        double retried = Counters.count(meters, "insights.webhook.deliveries", "outcome", "retried");

        pipeline.status(new RevisionWentLive(UUID.randomUUID(), Instant.now(), eventId, PipelineReports.revision(1),
                slug, Instant.now()));

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at(ALL, slug).size() >= 2);
        List<Received> attempts = receiver.at(ALL, slug);
        assertThat(attempts).extracting(Received::answered).containsExactly(500, 204);
        assertThat(attempts).allMatch(Received::verified);
        assertThat(attempts.get(1).webhookId()).isEqualTo(attempts.get(0).webhookId());
        assertThat(attempts.get(1).body()).isEqualTo(attempts.get(0).body());
        System.out.printf("RESULT webhook retry after ms=%.1f (initial-backoff 200ms)%n",
                (attempts.get(1).receivedNanos() - attempts.get(0).receivedNanos()) / 1e6);
        JsonNode delivery = awaitLogged(slug, ALL, "delivered");
        assertThat(delivery.get("attempts").intValue()).isEqualTo(2);
        assertThat(delivery.get("lastStatus").intValue()).isEqualTo(204);
        assertThat(delivery.get("webhookId").stringValue()).isEqualTo(attempts.get(0).webhookId());
        assertThat(delivery.get("subscriber").stringValue()).isEqualTo(receiver.url(ALL));
        // each subscriber's first attempt was answered 500: one retry each, counted before the second attempt
        awaitLogged(slug, LIVE_ONLY, "delivered");
        assertThat(receiver.at(LIVE_ONLY, slug)).extracting(Received::answered).containsExactly(500, 204);
        assertThat(Counters.count(meters, "insights.webhook.deliveries", "outcome", "retried"))
                .isEqualTo(retried + 2);
    }

    @Test
    void deliveryThatKeepsFailingIsGivenUpThenRedeliveredOnRequest() {
        String slug = slug();
        UUID eventId = unpublish(slug);
        receiver.failAlways(slug);

        pipeline.status(new InsightTakenDown(UUID.randomUUID(), Instant.now(), eventId, PipelineReports.revision(2),
                slug, Instant.now()));

        JsonNode failed = awaitLogged(slug, ALL, "failed");
        assertThat(failed.get("attempts").intValue()).isEqualTo(3);
        assertThat(failed.get("lastStatus").intValue()).isEqualTo(500);
        assertThat(failed.get("lastError").stringValue()).isEqualTo("answered 500");
        assertThat(failed.has("nextAttemptAt")).isFalse();
        assertThat(receiver.at(ALL, slug)).hasSize(3);
        assertThat(deliveries("failed")).anyMatch(d -> d.get("id").longValue() == failed.get("id").longValue());

        receiver.forgive(slug);
        http.post().uri("/api/webhooks/deliveries/" + failed.get("id").longValue() + "/redeliver")
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("pending");

        JsonNode redelivered = awaitLogged(slug, ALL, "delivered");
        assertThat(redelivered.get("attempts").intValue()).isEqualTo(1);
        List<Received> attempts = receiver.at(ALL, slug);
        assertThat(attempts).hasSize(4).extracting(Received::webhookId).containsOnly(attempts.get(0).webhookId());
        http.post().uri("/api/webhooks/deliveries/" + Long.MAX_VALUE + "/redeliver")
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void deliveryWaitsInTheDatabaseUntilADispatcherRuns() {
        SmartLifecycle dispatcher = context.getBean("webhookDispatcher", SmartLifecycle.class);
        String slug = slug();
        UUID eventId = publish(slug);
        dispatcher.stop();
        try {
            pipeline.status(new RevisionWentLive(UUID.randomUUID(), Instant.now(), eventId,
                    PipelineReports.revision(1), slug, Instant.now()));

            JsonNode pending = awaitLogged(slug, ALL, "pending");
            assertThat(pending.get("attempts").intValue()).isZero();
            assertThat(receiver.at(ALL, slug)).isEmpty();
            // its attempts go on: sending it again now would reset them, and could send it twice at once
            http.post().uri("/api/webhooks/deliveries/" + pending.get("id").longValue() + "/redeliver")
                    .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                    .exchange()
                    .expectStatus().isEqualTo(409)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                            .startsWith("the delivery is still pending"));
        } finally {
            dispatcher.start();
        }

        assertThat(awaitOne(ALL, slug).verified()).isTrue();
        awaitLogged(slug, LIVE_ONLY, "delivered");
    }

    @Test
    void logRefusesAnUnknownStateAndAnonymousReaders() {
        http.get().uri("/api/webhooks/deliveries?state=lost")
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/webhooks/deliveries").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void logAndRedeliveryRefuseWhatIsNoNumberNamingTheParameter() {
        http.get().uri("/api/webhooks/deliveries?limit=abc")
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("limit must be a whole number");
        http.post().uri("/api/webhooks/deliveries/abc/redeliver")
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("id must be a whole number");
    }

    private Received awaitOne(String path, String slug) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.at(path, slug).isEmpty());
        return receiver.at(path, slug).get(0);
    }

    private JsonNode awaitLogged(String slug, String path, String state) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> logged(slug, path)
                .filter(d -> state.equals(d.get("state").stringValue())), Optional::isPresent).orElseThrow();
    }

    private Optional<JsonNode> logged(String slug, String path) {
        return deliveries(null).stream()
                .filter(d -> d.has("slug") && slug.equals(d.get("slug").stringValue())
                        && d.get("subscriber").stringValue().endsWith(path))
                .findFirst();
    }

    private List<JsonNode> deliveries(String state) {
        JsonNode log = http.get()
                .uri(b -> b.path("/api/webhooks/deliveries").queryParam("limit", 500)
                        .queryParamIfPresent("state", Optional.ofNullable(state)).build())
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return log.valueStream().toList();
    }

    private UUID publish(String slug) {
        ObjectNode payload = (ObjectNode) json.readTree(SeedInsights.payloads().get(0));
        payload.put("slug", slug);
        JsonNode accepted = http.post().uri("/api/insights")
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .bodyValue(payload.toString())
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return UUID.fromString(accepted.get("eventId").stringValue());
    }

    private UUID unpublish(String slug) {
        JsonNode accepted = http.delete().uri("/api/insights/" + slug)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return UUID.fromString(accepted.get("eventId").stringValue());
    }

    private static String slug() {
        return "webhook-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
