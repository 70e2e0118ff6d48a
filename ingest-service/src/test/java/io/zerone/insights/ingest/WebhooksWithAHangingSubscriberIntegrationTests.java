package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.zerone.insights.events.RevisionWentLive;
import io.zerone.insights.ingest.WebhookReceiver.Received;
import io.zerone.insights.testsupport.WithKafka;
import io.zerone.insights.testsupport.WithPostgres;

/**
 * A subscriber that never answers holds only its own attempts in flight: with more reports than max-in-flight, each of
 * them to both subscribers, every delivery to the healthy subscriber arrives long before the hanging one's attempts
 * reach the request timeout. Both subscribers are paths of one receiver (one host: one connection pool).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + IngestServiceApplication.CONFIG_NAME,
                // its own offsets, apart from other contexts on the shared broker
                "insights.webhooks.group-id=webhooks-hanging-subscriber-tests",
                "insights.webhooks.max-in-flight=" + WebhooksWithAHangingSubscriberIntegrationTests.MAX_IN_FLIGHT,
                "insights.webhooks.request-timeout=" + WebhooksWithAHangingSubscriberIntegrationTests.REQUEST_TIMEOUT,
                "insights.webhooks.poll-interval=200ms"})
@WithKafka
@WithPostgres
// the listeners would go on delivering other test classes' reports to a receiver that is gone
@DirtiesContext
class WebhooksWithAHangingSubscriberIntegrationTests {

    static final int MAX_IN_FLIGHT = 4;
    static final String REQUEST_TIMEOUT = "10s";
    static final String HEALTHY = "/healthy";
    static final String HANGING = "/hanging";

    static final WebhookReceiver receiver = new WebhookReceiver(WebhooksIntegrationTests.SECRET);

    @DynamicPropertySource
    static void subscribers(DynamicPropertyRegistry registry) {
        // a list binds from one property source only: every subscriber here
        registry.add("insights.webhooks.subscribers[0].url", () -> receiver.url(HANGING));
        registry.add("insights.webhooks.subscribers[0].secret", () -> WebhooksIntegrationTests.SECRET);
        registry.add("insights.webhooks.subscribers[1].url", () -> receiver.url(HEALTHY));
        registry.add("insights.webhooks.subscribers[1].secret", () -> WebhooksIntegrationTests.SECRET);
    }

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void subscriberThatNeverAnswersDoesNotDelayTheDeliveriesToAnother() {
        receiver.hang(HANGING);
        int reports = 3 * MAX_IN_FLIGHT;
        List<String> slugs = IntStream.range(0, reports)
                .mapToObj(i -> "webhook-hang-" + i + "-" + UUID.randomUUID().toString().substring(0, 8)).toList();
        long reported;
        // creates the topics, where no test class has yet
        try (PipelineReports pipeline = new PipelineReports(bootstrapServers)) {
            // a new group starts at the end of its topics: report nothing before the listeners have their partitions
            await().atMost(Duration.ofSeconds(30)).until(() -> WebhooksIntegrationTests.LISTENERS.stream()
                    .allMatch(id -> !listeners.getListenerContainer(id).getAssignedPartitions().isEmpty()));
            reported = System.nanoTime();
            for (String slug : slugs) {
                pipeline.status(new RevisionWentLive(UUID.randomUUID(), Instant.now(), UUID.randomUUID(),
                        PipelineReports.revision(1), slug, Instant.now()));
            }
        }

        // well within the request timeout (10 s) that each of the hanging subscriber's attempts holds its slot for
        await().atMost(Duration.ofSeconds(4)).untilAsserted(() -> assertThat(slugs)
                .as("reports not yet delivered to the healthy subscriber")
                .filteredOn(slug -> receiver.at(HEALTHY, slug).isEmpty()).isEmpty());
        List<Received> healthy = slugs.stream().map(slug -> receiver.at(HEALTHY, slug).get(0)).toList();
        System.out.printf("RESULT webhook healthy subscriber next to a hanging one: %d deliveries, slowest ms=%.1f"
                + " after the first report%n", healthy.size(),
                healthy.stream().mapToLong(Received::receivedNanos).max().orElseThrow() / 1e6 - reported / 1e6);
        assertThat(healthy).allMatch(Received::verified).extracting(Received::answered).containsOnly(204);
        // the hanging subscriber was sent to, and holds no more than its own max-in-flight
        await().atMost(Duration.ofSeconds(4)).until(() -> hanging().size() == MAX_IN_FLIGHT);
        assertThat(hanging()).hasSize(MAX_IN_FLIGHT).allMatch(Received::verified);
    }

    private static List<Received> hanging() {
        return receiver.received().stream().filter(r -> r.path().equals(HANGING)).toList();
    }
}
