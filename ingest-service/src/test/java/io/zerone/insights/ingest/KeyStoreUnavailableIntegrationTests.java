package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.testsupport.openapi.ValidatedAgainst;
import io.zerone.insights.testsupport.Infrastructure;
import io.zerone.insights.testsupport.WithKafka;

/**
 * With the key store away (R2DBC pointed at a port nothing listens on; Flyway still migrated the real database at
 * startup), a request with an Idempotency-Key is refused with 503 rather than published unchecked, one without a
 * key is published as before, the reads of what only the database holds (receipts, the webhook log) answer 503 too,
 * and readiness says the service is not ready.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + IngestServiceApplication.CONFIG_NAME,
                "spring.r2dbc.url=r2dbc:postgresql://localhost:1/insights",
                "insights.ingest.publishing.retry-after=9s"})
@ValidatedAgainst(IngestApi.DESCRIPTION)
@AutoConfigureWebTestClient
@WithKafka
@ExtendWith(OutputCaptureExtension.class)
class KeyStoreUnavailableIntegrationTests {

    @DynamicPropertySource
    static void flywayOnTheRealDatabase(DynamicPropertyRegistry registry) {
        Infrastructure.Database database = Infrastructure.database();
        registry.add("spring.flyway.url", database::jdbcUrl);
        registry.add("spring.flyway.user", database::username);
        registry.add("spring.flyway.password", database::password);
    }

    @Autowired
    WebTestClient http;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

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
    void keyedRequestIs503WithRetryAfterAndPublishesNothing() {
        publish("cms-" + UUID.randomUUID())
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "9")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo(
                        "the idempotency key store is unavailable; nothing was published, retry with the same Idempotency-Key");

        assertThat(topic.exactly(0)).isEmpty();
    }

    @Test
    void requestWithoutKeyIsStillPublishedAndLoggedInOneLineWithoutATrace(CapturedOutput output) {
        publish(null).expectStatus().isAccepted();

        assertThat(topic.exactly(1)).hasSize(1);
        // every publish passes here while the database is away: a stack trace each (~270 lines) would bury the log
        List<String> lines = output.getOut().lines().toList();
        int warning = lines.size() - 1;
        while (warning >= 0 && !lines.get(warning).contains("could not check the title of slug")) {
            warning--;
        }
        assertThat(warning).as("the warning line").isNotNegative();
        assertThat(lines.get(warning)).contains("it is published without the check: ");
        if (warning + 1 < lines.size()) {
            assertThat(lines.get(warning + 1)).doesNotStartWith("\tat ")
                    .doesNotContainPattern("^[\\w.$]+(Exception|Error)\\b");
        }
    }

    @Test
    void readsOfReceiptsAndWebhookDeliveriesAre503WithRetryAfter() {
        WebTestClient.ResponseSpec[] reads = {
                http.get().uri("/api/publishes/{eventId}", UUID.randomUUID())
                        .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY).exchange(),
                http.get().uri("/api/webhooks/deliveries")
                        .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY).exchange(),
                http.post().uri("/api/webhooks/deliveries/{id}/redeliver", 1)
                        .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY).exchange()};

        for (WebTestClient.ResponseSpec read : reads) {
            read.expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "9")
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").isEqualTo("the database does not answer; retry later");
        }
    }

    @Test
    void readinessIsDownWhileTheKeyStoreIsAway() {
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
    }

    private WebTestClient.ResponseSpec publish(String idempotencyKey) {
        return http.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .headers(headers -> {
                    if (idempotencyKey != null) {
                        headers.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .bodyValue(RejectionsIntegrationTests.VALID).exchange();
    }
}
