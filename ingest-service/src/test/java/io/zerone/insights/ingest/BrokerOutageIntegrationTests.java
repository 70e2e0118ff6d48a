package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.testsupport.openapi.ValidatedAgainst;
import io.zerone.insights.testsupport.RestartableKafka;
import io.zerone.insights.testsupport.WithPostgres;

/**
 * The broker stopped under a running ingest-service and started again on the same data: meanwhile a publish gets 503
 * problem+json with Retry-After and readiness is down; once the broker is back both recover by themselves. The broker
 * is the test's own, so it can stop it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + IngestServiceApplication.CONFIG_NAME,
                "insights.ingest.publishing.retry-after=7s"})
@ValidatedAgainst(IngestApi.DESCRIPTION)
@AutoConfigureWebTestClient(timeout = "20s")
@WithPostgres
@DirtiesContext
class BrokerOutageIntegrationTests {

    private static final RestartableKafka kafka = RestartableKafka.started();

    @DynamicPropertySource
    static void ownBroker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Autowired
    WebTestClient http;

    @Test
    void readinessGoesDownWhileTheBrokerIsAwayAndBothRecoverByThemselves() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> publish().expectStatus().isAccepted());
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();

        kafka.stop();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                http.get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503));
        publish().expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "7")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();

        kafka.start();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> publish().expectStatus().isAccepted());
    }

    @Test
    void readinessAnswersDownWithinAKubernetesProbeTimeoutWhileTheBrokerIsAway() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk());

        kafka.stop();
        try {
            // each probe: the first after the broker went and the ones after it, which find it still away
            for (int probe = 0; probe < 3; probe++) {
                long started = System.nanoTime();
                http.get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);

                // about Kubernetes' default probe timeout (1 s), with room for a shared machine; it took the ack
                // timeout (5 s), and docker-compose's probe timed out instead of reading DOWN
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            }
        } finally {
            kafka.start();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk());
        }
    }

    private WebTestClient.ResponseSpec publish() {
        return http.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .header("Idempotency-Key", "outage-" + UUID.randomUUID())
                .bodyValue(RejectionsIntegrationTests.VALID)
                .exchange();
    }
}
