package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.zerone.insights.testsupport.openapi.ValidatedAgainst;
import io.zerone.insights.testsupport.WithPostgres;
import reactor.core.publisher.Mono;

/**
 * With no broker answering, a publish fails fast with 503 and Retry-After instead of hanging, and the server
 * keeps answering other requests meanwhile: the blocked send never sits on an event loop.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + IngestServiceApplication.CONFIG_NAME,
                // a port nothing listens on
                "spring.kafka.bootstrap-servers=localhost:1",
                "spring.kafka.admin.auto-create=false",
                "insights.ingest.publishing.retry-after=7s"})
@ValidatedAgainst(IngestApi.DESCRIPTION)
@AutoConfigureWebTestClient
@WithPostgres
class BrokerUnavailableIntegrationTests {

    @Autowired
    WebTestClient http;

    @LocalServerPort
    int port;

    @Test
    void publishAnswers503WithRetryAfterWhenKafkaDoesNotAcknowledge() {
        long started = System.nanoTime();

        http.mutate().responseTimeout(Duration.ofSeconds(10)).build()
                .post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .header("Idempotency-Key", "retry-me")
                .bodyValue(RejectionsIntegrationTests.VALID)
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "7")
                // an operator follows a failed publish by its trace too
                .expectHeader().value("X-Trace-Id", traceId -> assertThat(traceId).matches("[0-9a-f]{32}"))
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail")
                .isEqualTo("Kafka did not acknowledge the event in time; retry with the same Idempotency-Key");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aPublishKafkaDidNotTakeLeavesItsDerivedSlugToAnotherTitle() {
        WebTestClient patient = http.mutate().responseTimeout(Duration.ofSeconds(10)).build();
        String n = Long.toString(System.nanoTime());

        // both derive c-in-production-<n>: the first was never published, so the second is no 409
        for (String title : List.of("C++ in production " + n, "C# in production " + n)) {
            patient.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                    .bodyValue(RejectionsIntegrationTests.VALID.replace("Cache without a lock", title))
                    .exchange()
                    .expectStatus().isEqualTo(503);
        }
    }

    @Test
    void retryAfterA503IsAFirstAttemptAgainNotAConflict() {
        WebTestClient patient = http.mutate().responseTimeout(Duration.ofSeconds(10)).build();

        for (int attempt = 0; attempt < 2; attempt++) {
            patient.delete().uri("/api/insights/some-insight")
                    .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                    .header("Idempotency-Key", "unpublish-retried-after-503")
                    .exchange()
                    .expectStatus().isEqualTo(503);
        }
    }

    @Test
    void unpublishAnswers503Too() {
        http.mutate().responseTimeout(Duration.ofSeconds(10)).build()
                .delete().uri("/api/insights/some-insight")
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .exchange()
                .expectStatus().isEqualTo(503);
    }

    @Test
    void serverKeepsAnsweringWhileSendsAreStuck() {
        WebTestClient quick = http.mutate().responseTimeout(Duration.ofSeconds(1)).build();
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        WebClient client = WebClient.create("http://localhost:" + port);
        List<HttpStatusCode> stuck = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 16; i++) {
            client.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                    .bodyValue(RejectionsIntegrationTests.VALID)
                    .exchangeToMono(response -> Mono.just(response.statusCode()))
                    .subscribe(stuck::add);
        }

        quick.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        assertThat(stuck).as("publishes still waiting for Kafka while liveness answered").hasSizeLessThan(16);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(stuck).hasSize(16).allMatch(status -> status.value() == 503));
    }
}
