package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.zerone.insights.ingest.idempotency.IdempotentRequests;
import io.zerone.insights.testsupport.openapi.ValidatedAgainst;
import io.zerone.insights.testsupport.SeedInsights;
import io.zerone.insights.testsupport.WithKafka;
import io.zerone.insights.testsupport.WithPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Idempotency-Key as draft-ietf-httpapi-idempotency-key-header specifies it, through the HTTP API, against the real
 * broker and database: what a retry, a reused key, a concurrent duplicate and an expired key get, and what reaches
 * insight-events.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + IngestServiceApplication.CONFIG_NAME,
                // a list binds from one property source only: the development client again, then another
                "insights.ingest.clients[0].id=dev-editor",
                "insights.ingest.clients[0].key-sha256=456e731fdebcb8090a63d65391933493cf57e89fceb206dbdb62404ca2047a69",
                "insights.ingest.idempotency.purge-interval=200ms",
                "insights.ingest.clients[1].id=other-editor",
                "insights.ingest.clients[1].key-sha256=580843d03d2216ff1a275d0991bad66e4d1af871171d929e9de604b7959f9bca"})
@ValidatedAgainst(IngestApi.DESCRIPTION)
@AutoConfigureWebTestClient
@WithKafka
@WithPostgres
class IdempotencyIntegrationTests {

    static final String PAYLOAD = SeedInsights.payloads().get(2);
    static final String REVISED = PAYLOAD.replaceFirst("\"title\": *\"", "\"title\": \"Revised: ");

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    @Autowired
    WebTestClient http;

    @Autowired
    MovableClock clock;

    @Autowired
    DatabaseClient database;

    @Autowired
    ConnectionFactory connections;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    InsightEventsTopic topic;
    String key = "cms-" + UUID.randomUUID();

    @BeforeEach
    void readTopicFromItsCurrentEnd() {
        topic = new InsightEventsTopic(bootstrapServers);
    }

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void retryOfTheSameRequestGetsTheOriginalAnswerAndPublishesNothing() {
        EntityExchangeResult<String> first = publish(PAYLOAD, key).expectStatus().isAccepted()
                .expectBody(String.class).returnResult();

        EntityExchangeResult<String> retry = publish(PAYLOAD, key).expectStatus().isAccepted()
                .expectBody(String.class).returnResult();

        assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(retry.getResponseHeaders().getLocation()).isEqualTo(first.getResponseHeaders().getLocation())
                .isNotNull();
        assertThat(retry.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(topic.exactly(1)).extracting(record -> InsightEventsTopic.header(record, "ce_id"))
                .containsExactly(eventId(first.getResponseBody()));
    }

    @Test
    void retryWithTheSameFieldsInAnotherOrderIsReplayed() {
        String first = publish("""
                {"title": "Ordered fields", "summary": "The same request.", "category": "Infrastructure",
                 "tags": ["a", "b"], "body": "Same."}""", key).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();

        String retry = publish("""
                {"body": "Same.", "tags": ["a", "b"], "category": "Infrastructure", "summary": "The same request.",
                 "title": "Ordered fields"}""", key).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(retry).isEqualTo(first);
        assertThat(topic.exactly(1)).hasSize(1);
    }

    @Test
    void sameKeyWithAnotherBodyIs422AndPublishesNothing() {
        publish(PAYLOAD, key).expectStatus().isAccepted();

        publish(REVISED, key).expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(422)
                .jsonPath("$.detail").isEqualTo(
                        "the Idempotency-Key was already used for a different request; use a new key for a new request");

        assertThat(topic.exactly(1)).extracting(record -> InsightEventsTopic.header(record, "ce_type"))
                .containsExactly("insight.published.v2");
    }

    @Test
    void sameKeyForAnUnpublishIs422() {
        publish(PAYLOAD, key).expectStatus().isAccepted();

        http.delete().uri("/api/insights/some-insight")
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .header("Idempotency-Key", key)
                .exchange()
                .expectStatus().isEqualTo(422);

        assertThat(topic.exactly(1)).hasSize(1);
    }

    @Test
    void retriedUnpublishIsReplayed() {
        String first = unpublish("retired-insight", key).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();

        String retry = unpublish("retired-insight", key).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(retry).isEqualTo(first);
        assertThat(topic.exactly(1)).hasSize(1);
    }

    @Test
    void concurrentDuplicatesPublishOnceTheRestGet409OrTheOriginalAnswer() {
        WebClient client = WebClient.create("http://localhost:" + port);

        List<Answer> answers = Flux.range(0, 8)
                .flatMap(i -> client.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                        .header("Idempotency-Key", key)
                        .bodyValue(PAYLOAD)
                        .exchangeToMono(response -> response.bodyToMono(String.class)
                                .map(body -> new Answer(response.statusCode().value(), body))))
                .collectList()
                .block(Duration.ofSeconds(30));

        // whether a duplicate still meets the first in flight or already its answer depends on timing: both are right
        assertThat(answers).extracting(Answer::status).isSubsetOf(202, 409).contains(202);
        assertThat(answers).filteredOn(answer -> answer.status() == 202).extracting(Answer::body).containsOnly(
                answers.stream().filter(answer -> answer.status() == 202).findFirst().orElseThrow().body());
        assertThat(answers).filteredOn(answer -> answer.status() == 409).allSatisfy(answer -> assertThat(answer.body())
                .contains("a request with this Idempotency-Key is still being processed"));
        assertThat(topic.exactly(1)).hasSize(1);
    }

    @Test
    void sameRequestWhileTheFirstIsInFlightIs409UntilTheInFlightTimeout() {
        // another replica claimed the key and waits for Kafka's acknowledgement
        inFlight("DELETE", "/api/insights/retired-insight?reason=retired");

        unpublish("retired-insight", key).expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                .expectBody().jsonPath("$.code").isEqualTo("key_in_flight")
                .jsonPath("$.detail").isEqualTo(
                        "a request with this Idempotency-Key is still being processed; retry once it has been answered");
        assertThat(topic.exactly(0)).isEmpty();

        // that replica died: after the in-flight timeout the retry takes the key over
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        unpublish("retired-insight", key).expectStatus().isAccepted();
        assertThat(topic.exactly(1)).hasSize(1);
    }

    @Test
    void requestAbandonedWhileItsKeyIsClaimedGivesTheKeyBack() {
        // the claim's statement waits for a lock (another transaction holds the key's row), so that the client's
        // cancel reaches the service while the claim runs
        Connection holder = Mono.from(connections.create()).block(Duration.ofSeconds(5));
        Mono.from(holder.beginTransaction()).block(Duration.ofSeconds(5));
        Flux.from(holder.createStatement("""
                        insert into ingest.idempotency_key (client_id, key, request_fingerprint, claim_token, state, created_at)
                        values ('dev-editor', $1, 'another request', gen_random_uuid(), 'in_flight', now())""")
                .bind("$1", key).execute()).flatMap(Result::getRowsUpdated).blockLast(Duration.ofSeconds(5));
        double answeredBefore = abandoned();
        Disposable abandoned = WebClient.create("http://localhost:" + port).post().uri("/api/insights")
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .header("Idempotency-Key", key)
                .bodyValue(PAYLOAD)
                .retrieve().toBodilessEntity().subscribe(answer -> {}, error -> {});
        await().atMost(Duration.ofSeconds(10)).until(() -> claimsWaitingForALock() == 1);

        abandoned.dispose();
        await().atMost(Duration.ofSeconds(10)).until(() -> abandoned() > answeredBefore);
        Mono.from(holder.rollbackTransaction()).then(Mono.from(holder.close())).block(Duration.ofSeconds(5));

        // well within the in-flight timeout (1 min, and the clock does not move): the key is free again
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> publish(PAYLOAD, key).expectStatus().isAccepted());
        assertThat(topic.exactly(1)).hasSize(1);
    }

    @Test
    void anotherRequestWhileTheFirstIsInFlightIs422() {
        inFlight("DELETE", "/api/insights/retired-insight?reason=retired");

        unpublish("another-insight", key).expectStatus().isEqualTo(422);
    }

    @Test
    void keysBelongToTheirClient() {
        String mine = eventId(publish(PAYLOAD, key).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody());

        String theirs = eventId(http.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, "Bearer other-key")
                .header("Idempotency-Key", key)
                .bodyValue(REVISED).exchange()
                .expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody());

        assertThat(theirs).isNotEqualTo(mine);
        assertThat(topic.exactly(2)).hasSize(2);
    }

    @Test
    void rejectedRequestLeavesItsKeyUnused() {
        publish("{\"title\": 1}", key).expectStatus().isBadRequest();

        publish(PAYLOAD, key).expectStatus().isAccepted();

        assertThat(topic.exactly(1)).hasSize(1);
    }

    @Test
    void keyOlderThanTheWindowIsForgottenAndPurged() {
        String first = eventId(publish(PAYLOAD, key).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody());
        String forgotten = "cms-" + UUID.randomUUID();
        publish(PAYLOAD, forgotten).expectStatus().isAccepted();
        String repeated = "cms-" + UUID.randomUUID();
        String repeatedFirst = eventId(publish(PAYLOAD, repeated).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody());

        clock.advance(Duration.ofHours(24).plusMinutes(1));

        // past the window, the key is a new one: another body is accepted, not a 422, as an event of its own (with
        // the first one's eventId the projection would drop it as a retry of that one)
        String reused = eventId(publish(REVISED, key).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(reused).isNotEqualTo(first);
        // while the very same request sent again is the same event, which the projection applies once
        assertThat(eventId(publish(PAYLOAD, repeated).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody())).isEqualTo(repeatedFirst);
        assertThat(topic.exactly(5)).hasSize(5);
        // and the periodic purge deletes what nobody reused
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rows(forgotten)).isZero());
        assertThat(rows(key)).isOne();
    }

    @Test
    void keyWithinTheWindowStillReplays() {
        String first = publish(PAYLOAD, key).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();

        clock.advance(Duration.ofHours(23).plusMinutes(59));

        publish(REVISED, key).expectStatus().isEqualTo(422);
        assertThat(publish(PAYLOAD, key).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody()).isEqualTo(first);
        assertThat(topic.exactly(1)).hasSize(1);
    }

    record Answer(int status, String body) {
    }

    private void inFlight(String method, String target) {
        database.sql("""
                        insert into ingest.idempotency_key (client_id, key, request_fingerprint, claim_token, state, created_at)
                        values ('dev-editor', :key, :fingerprint, :token, 'in_flight', :now)""")
                .bind("key", key)
                .bind("fingerprint", IdempotentRequests.fingerprint(method, target, ""))
                .bind("token", UUID.randomUUID())
                .bind("now", clock.instant())
                .then().block(Duration.ofSeconds(5));
    }

    private long claimsWaitingForALock() {
        return database.sql("""
                        select count(*) from pg_stat_activity
                         where wait_event_type = 'Lock' and query like 'insert into ingest.idempotency_key%'""")
                .map(row -> row.get(0, Long.class))
                .one()
                .block(Duration.ofSeconds(5));
    }

    /** Requests to /api/insights the service saw their client close before they were answered. */
    private double abandoned() {
        return meters.find("http.server.requests").tag("uri", "/api/insights").tag("outcome", "UNKNOWN").timers()
                .stream().mapToDouble(timer -> timer.count()).sum();
    }

    private long rows(String idempotencyKey) {
        return database.sql("select count(*) from ingest.idempotency_key where key = :key")
                .bind("key", idempotencyKey)
                .map(row -> row.get(0, Long.class))
                .one()
                .block(Duration.ofSeconds(5));
    }

    private String eventId(String body) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(body).get("eventId").stringValue();
    }

    private WebTestClient.ResponseSpec publish(String payload, String idempotencyKey) {
        return http.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .header("Idempotency-Key", idempotencyKey)
                .bodyValue(payload).exchange();
    }

    private WebTestClient.ResponseSpec unpublish(String slug, String idempotencyKey) {
        return http.delete().uri("/api/insights/" + slug + "?reason=retired")
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .header("Idempotency-Key", idempotencyKey)
                .exchange();
    }
}
