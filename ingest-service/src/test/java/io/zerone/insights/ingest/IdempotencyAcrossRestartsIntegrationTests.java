package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import io.zerone.insights.testsupport.Infrastructure;
import io.zerone.insights.testsupport.SeedInsights;

/**
 * The keys live in PostgreSQL, not in a replica: a retry that reaches a restarted (or another) ingest-service still
 * gets the original answer, and a reused key still its 422.
 */
class IdempotencyAcrossRestartsIntegrationTests {

    final String payload = SeedInsights.payloads().get(6);
    final String key = "cms-" + UUID.randomUUID();
    ConfigurableApplicationContext ingest;

    @AfterEach
    void stop() {
        if (ingest != null) {
            ingest.close();
        }
    }

    @Test
    void retryAfterARestartGetsTheOriginalAnswerAndPublishesNothing() {
        ingest = start();
        try (InsightEventsTopic topic = new InsightEventsTopic(Infrastructure.kafkaBootstrapServers())) {
            ResponseEntity<String> first = publish(payload);
            assertThat(first.getStatusCode().value()).isEqualTo(202);

            ingest.close();
            ingest = start();

            ResponseEntity<String> retry = publish(payload);
            ResponseEntity<String> reused = publish(payload.replace("\"title\": \"", "\"title\": \"Other: "));

            assertThat(retry.getStatusCode().value()).isEqualTo(202);
            assertThat(retry.getBody()).isEqualTo(first.getBody());
            assertThat(retry.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
            assertThat(reused.getStatusCode().value()).isEqualTo(422);
            assertThat(topic.exactly(1)).hasSize(1);
        }
    }

    private static ConfigurableApplicationContext start() {
        List<String> arguments = new ArrayList<>(Infrastructure.database().commandLineArguments());
        arguments.add("--server.port=0");
        arguments.add("--spring.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrapServers());
        return IngestServiceApplication.builder().run(arguments.toArray(String[]::new));
    }

    private ResponseEntity<String> publish(String body) {
        return WebClient.builder()
                .baseUrl("http://localhost:" + ingest.getEnvironment().getProperty("local.server.port"))
                .filter(IngestApi.validated()).build()
                .post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .header("Idempotency-Key", key)
                .bodyValue(body)
                .exchangeToMono(response -> response.toEntity(String.class))
                .block(Duration.ofSeconds(30));
    }
}
