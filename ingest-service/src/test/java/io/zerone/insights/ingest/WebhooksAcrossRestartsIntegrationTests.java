package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.web.reactive.function.client.WebClient;

import io.zerone.insights.events.RevisionWentLive;
import io.zerone.insights.ingest.WebhookReceiver.Received;
import io.zerone.insights.testsupport.Infrastructure;
import tools.jackson.databind.JsonNode;

/**
 * A delivery lives in PostgreSQL, not in a replica: one whose first attempt failed is attempted again by the restarted
 * service, with the same webhook-id and body.
 */
class WebhooksAcrossRestartsIntegrationTests {

    final WebhookReceiver receiver = new WebhookReceiver(WebhooksIntegrationTests.SECRET);
    ConfigurableApplicationContext ingest;

    @AfterEach
    void stop() {
        if (ingest != null) {
            ingest.close();
        }
        receiver.close();
    }

    @Test
    void deliveryWhoseFirstAttemptFailedIsSentAgainAfterARestart() {
        String slug = "webhook-restart-" + UUID.randomUUID().toString().substring(0, 8);
        receiver.failOnce(slug);
        ingest = start();
        try (PipelineReports pipeline = new PipelineReports(Infrastructure.kafkaBootstrapServers())) {
            awaitPartitions();

            pipeline.status(new RevisionWentLive(UUID.randomUUID(), Instant.now(), UUID.randomUUID(),
                    PipelineReports.revision(1), slug, Instant.now()));
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.at("/hooks", slug).size() == 1);
            // the failed attempt is recorded (else its lease would hold the row for the request timeout and more)
            await().atMost(Duration.ofSeconds(20)).until(() -> attemptsLogged(slug) == 1);
            ingest.close();
            ingest = start();

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/hooks", slug).size() == 2);
            List<Received> attempts = receiver.at("/hooks", slug);
            assertThat(attempts).extracting(Received::answered).containsExactly(500, 204);
            assertThat(attempts).allMatch(Received::verified);
            assertThat(attempts.get(1).webhookId()).isEqualTo(attempts.get(0).webhookId());
            assertThat(attempts.get(1).body()).isEqualTo(attempts.get(0).body());
            await().atMost(Duration.ofSeconds(20)).until(() -> attemptsLogged(slug) == 2);
        }
    }

    /** The attempts the delivery log shows for the slug's delivery; 0 before it is logged. */
    private int attemptsLogged(String slug) {
        JsonNode log = WebClient.builder()
                .baseUrl("http://localhost:" + ingest.getEnvironment().getProperty("local.server.port"))
                .filter(IngestApi.validated()).build()
                .get().uri("/api/webhooks/deliveries")
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .retrieve().bodyToMono(JsonNode.class)
                .block(Duration.ofSeconds(10));
        return log.valueStream().filter(d -> slug.equals(d.path("slug").asString(null)))
                .mapToInt(d -> d.get("attempts").intValue()).findFirst().orElse(0);
    }

    private void awaitPartitions() {
        KafkaListenerEndpointRegistry listeners = ingest.getBean(KafkaListenerEndpointRegistry.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> WebhooksIntegrationTests.LISTENERS.stream()
                .allMatch(id -> !listeners.getListenerContainer(id).getAssignedPartitions().isEmpty()));
    }

    private ConfigurableApplicationContext start() {
        List<String> arguments = new ArrayList<>(Infrastructure.database().commandLineArguments());
        arguments.add("--server.port=0");
        arguments.add("--spring.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrapServers());
        arguments.add("--insights.webhooks.group-id=webhooks-restart-tests");
        arguments.add("--insights.webhooks.subscribers[0].url=" + receiver.url("/hooks"));
        arguments.add("--insights.webhooks.subscribers[0].secret=" + WebhooksIntegrationTests.SECRET);
        // the second attempt falls due after the restart
        arguments.add("--insights.webhooks.initial-backoff=3s");
        arguments.add("--insights.webhooks.poll-interval=200ms");
        return IngestServiceApplication.builder().run(arguments.toArray(String[]::new));
    }
}
