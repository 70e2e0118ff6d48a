package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import io.zerone.insights.testsupport.Infrastructure;

/**
 * Started with its database auto-configuration excluded (as a test that only needs it to publish may do), the
 * service still starts and publishes requests without a key, but never publishes a keyed request unchecked.
 */
class WithoutDatabaseIntegrationTests {

    static ConfigurableApplicationContext ingest;
    static WebClient api;

    @BeforeAll
    static void startWithoutDatabase() {
        ingest = IngestServiceApplication.builder().run("--server.port=0",
                "--spring.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrapServers(),
                "--spring.autoconfigure.exclude="
                        + "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                        + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
        api = WebClient.builder()
                .baseUrl("http://localhost:" + ingest.getEnvironment().getProperty("local.server.port"))
                .defaultHeader(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .filter(IngestApi.validated())
                .build();
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
    }

    @Test
    void requestWithoutKeyIsPublished() {
        assertThat(publish(null)).isEqualTo(202);
    }

    @Test
    void keyedRequestIs503() {
        assertThat(publish("cms-without-database")).isEqualTo(503);
    }

    private int publish(String idempotencyKey) {
        return api.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (idempotencyKey != null) {
                        headers.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .bodyValue(RejectionsIntegrationTests.VALID)
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                .block(Duration.ofSeconds(30));
    }
}
