package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.Revision;
import io.zerone.insights.events.Topics;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.TestPipeline;

@QueryServiceIntegrationTest
class ProjectionIntegrationTests {

    private static final String CACHE_SLUG = "cache-without-a-lock-thundering-herd";

    @Autowired
    TestPipeline pipeline;

    @Autowired
    WebTestClient http;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    Environment environment;

    @Autowired
    KafkaConnectionDetails kafka;

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
        pipeline.publishSeedCases();
    }

    @Test
    void runsWithItsOwnConfigurationFile() {
        assertThat(environment.getProperty("spring.application.name")).isEqualTo("query-service");
        assertThat(listeners.getListenerContainer(ProjectionListener.GROUP).getGroupId()).isEqualTo(TestPipeline.PROJECTOR_GROUP);
    }

    @Test
    void projectorConsumersGetTheProjectionsOwnFetchSettings() {
        Properties consumer = listeners.getListenerContainer(ProjectionListener.GROUP).getContainerProperties()
                .getKafkaConsumerProperties();

        assertThat(consumer).containsEntry("max.partition.fetch.bytes", String.valueOf(4 * 1024 * 1024))
                .containsEntry("max.poll.records", "500")
                // this test's service is unnamed (no INSIGHTS_INSTANCE_ID): a dynamic member of the group
                .doesNotContainKey("group.instance.id");
    }

    @Test
    void seedInsightsAreListedNewestFirstWithTheCounter() {
        List<String> seedOrder = Seed.all().stream().map(Seed::slug).toList();

        http.get().uri("/api/insights").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[*].slug").isEqualTo(seedOrder)
                .jsonPath("$.items[0].caseRef").isEqualTo("06")
                .jsonPath("$.items[0].url").isEqualTo("http://localhost:8080/insights/" + seedOrder.get(0))
                .jsonPath("$.nextCursor").doesNotExist();
        http.get().uri("/api/stats").exchange()
                .expectBody().json("{\"insights\": 9, \"cases\": 8, \"since\": 2026}");
    }

    @Test
    void revisionReplacesTheOldTextOnEverySurface() {
        Seed revised = Seed.bySlug(CACHE_SLUG).withTitle("Single flight saves the database: a revised title")
                .withBody("Rewritten: the lock is now called **singleflight** everywhere.");

        pipeline.publishAndAwait(RenderedEvents.rendered(revised));

        http.get().uri("/api/insights/" + CACHE_SLUG).exchange()
                .expectBody().jsonPath("$.title").isEqualTo(revised.title())
                .jsonPath("$.bodyHtml").value(body -> assertThat((String) body).contains("singleflight"));
        http.get().uri("/api/insights").exchange()
                .expectBody().jsonPath("$.items[?(@.slug == '" + CACHE_SLUG + "')].title").isEqualTo(revised.title());
        http.get().uri("/api/search?q=singleflight").exchange()
                .expectBody().jsonPath("$.items[0].slug").isEqualTo(CACHE_SLUG);
        http.get().uri("/api/search?q=\"thundering herd\"").exchange()
                .expectBody().jsonPath("$.items[?(@.slug == '" + CACHE_SLUG + "')]").isEmpty();
    }

    @Test
    void olderRevisionNeverOverwritesNewer() {
        Seed seed = Seed.bySlug(CACHE_SLUG);
        InsightRendered older = RenderedEvents.rendered(seed.withTitle("The older revision"));
        InsightRendered newer = RenderedEvents.rendered(seed.withTitle("The newer revision"));

        pipeline.publishAndAwait(newer);
        pipeline.send(older);
        pipeline.awaitCaughtUp();

        http.get().uri("/api/insights/" + CACHE_SLUG).exchange()
                .expectBody().jsonPath("$.title").isEqualTo("The newer revision");
    }

    @Test
    void duplicateDeliveryChangesNothing() {
        InsightRendered event = RenderedEvents.rendered(Seed.bySlug(CACHE_SLUG).withTitle("Delivered twice"));
        pipeline.publishAndAwait(event);
        List<Map<String, Object>> before = snapshot();

        pipeline.send(event);
        pipeline.send(RenderedEvents.rendered(Seed.bySlug(CACHE_SLUG).withTitle("Same source event, other bytes"),
                event.revision(), event.sourceEventId()));
        pipeline.awaitCaughtUp();

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void unpublishedInsightLeavesEverySurfaceAndAnswersGone() {
        pipeline.publishAndAwait(RenderedEvents.removed(CACHE_SLUG));

        http.get().uri("/api/insights/" + CACHE_SLUG).exchange()
                .expectStatus().isEqualTo(410)
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.status").isEqualTo(410);
        http.get().uri("/api/insights").exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(8)
                .jsonPath("$.items[?(@.slug == '" + CACHE_SLUG + "')]").isEmpty();
        http.get().uri("/api/search?q=thundering").exchange()
                .expectBody().jsonPath("$.items[?(@.slug == '" + CACHE_SLUG + "')]").isEmpty();
        http.get().uri("/api/stats").exchange()
                .expectBody().json("{\"insights\": 8, \"cases\": 8, \"since\": 2026}");
    }

    @Test
    void unpublishOfASlugNothingWasPublishedUnderIsNotFoundAndStillStopsAnOlderRevision() {
        String typo = "cache-without-a-lock-" + Long.toString(System.nanoTime(), 36);
        Revision renderedLate = RenderedEvents.nextRevision();

        // an editor's DELETE of a mistyped slug, sent twice
        pipeline.publishAndAwait(RenderedEvents.removed(typo));
        pipeline.publishAndAwait(RenderedEvents.removed(typo));

        http.get().uri("/api/insights/" + typo).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.status").isEqualTo(404);
        http.get().uri("/insights/" + typo).exchange().expectStatus().isNotFound();
        // the tombstone still orders the slug's revisions: one older than the removal, arriving after it, stays out
        pipeline.send(RenderedEvents.rendered(Seed.bySlug(CACHE_SLUG).withSlug(typo), renderedLate, UUID.randomUUID()));
        pipeline.awaitCaughtUp();
        http.get().uri("/api/insights/" + typo).exchange().expectStatus().isNotFound();
        http.get().uri("/api/insights?limit=50").exchange()
                .expectBody().jsonPath("$.items[?(@.slug == '" + typo + "')]").isEmpty();
    }

    @Test
    void fullReplayChangesNothing() {
        pipeline.publishAndAwait(RenderedEvents.removed("commit-before-async-io"));
        pipeline.awaitCaughtUp();
        List<Map<String, Object>> before = snapshot();

        pipeline.replayFromTheBeginning(listeners.getListenerContainer(ProjectionListener.GROUP));
        pipeline.awaitCaughtUp();

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void malformedRecordGoesToTheDeadLetterTopicWithItsReasonAndDoesNotBlockThePartition() {
        InsightRendered valid = RenderedEvents.rendered(Seed.bySlug(CACHE_SLUG).withTitle("After the bad record"));
        ProducerRecord<String, byte[]> template = new CloudEventCodec().toRecord(Topics.INSIGHT_RENDERED, valid);
        String marker = UUID.randomUUID().toString();
        var malformed = new ProducerRecord<>(Topics.INSIGHT_RENDERED, null, CACHE_SLUG,
                ("{\"not\": \"an event\", \"marker\": \"" + marker + "\"}").getBytes(StandardCharsets.UTF_8),
                template.headers());

        pipeline.send(malformed);
        pipeline.publishAndAwait(valid);

        http.get().uri("/api/insights/" + CACHE_SLUG).exchange()
                .expectBody().jsonPath("$.title").isEqualTo("After the bad record");
        ConsumerRecord<String, byte[]> deadLetter = DeadLetterTopic.recordContaining(kafka, marker);
        assertThat(CloudEventCodec.header(deadLetter.headers(), "kafka_dlt-exception-message"))
                .contains("invalid insight.rendered.v1 JSON");
        assertThat(deadLetter.key()).isEqualTo(CACHE_SLUG);
    }

    private List<Map<String, Object>> snapshot() {
        return pipeline.database().sql("""
                        select i.*, s.title as search_title, s.body_text, s.document_en::text as document
                        from insight i left join insight_search s on s.slug = i.slug order by i.slug""")
                .fetch().all()
                // arrays compare by identity; lists by content
                .map(row -> row.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        column -> column.getValue() instanceof Object[] array ? List.of(array)
                                : String.valueOf(column.getValue()))))
                .collectList().block();
    }
}
