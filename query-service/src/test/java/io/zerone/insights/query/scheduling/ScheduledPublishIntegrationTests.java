package io.zerone.insights.query.scheduling;

import static io.r2dbc.spi.ConnectionFactoryOptions.DATABASE;
import static io.r2dbc.spi.ConnectionFactoryOptions.HOST;
import static io.r2dbc.spi.ConnectionFactoryOptions.PASSWORD;
import static io.r2dbc.spi.ConnectionFactoryOptions.PORT;
import static io.r2dbc.spi.ConnectionFactoryOptions.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.RevisionScheduled;
import io.zerone.insights.events.RevisionSuperseded;
import io.zerone.insights.events.RevisionWentLive;
import io.zerone.insights.events.StatusEvent;
import io.zerone.insights.events.Topics;
import io.zerone.insights.query.QueryServiceApplication;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.StatusTopic;
import io.zerone.insights.query.TestPipeline;
import io.zerone.insights.query.projection.DeadLetterTopic;

/**
 * An insight whose publishedAt lies ahead is on no public surface until that instant and on every one right after it,
 * with no further request, also when the service that stored it is gone by then (docs/adr/0021).
 */
@QueryServiceIntegrationTest
class ScheduledPublishIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(ScheduledPublishIntegrationTests.class);
    private static final Duration AHEAD = Duration.ofSeconds(3);
    /**
     * How late "on time" may be: the scheduler sleeps until the due instant, {@link PublishScheduler#LONGEST_SLEEP} at
     * most at a time; the rest is its transaction, the change notification and a read, on a busy 2-core machine.
     */
    private static final Duration ON_TIME = PublishScheduler.LONGEST_SLEEP.plusSeconds(4);

    @Autowired
    TestPipeline pipeline;

    @Autowired
    WebTestClient http;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    R2dbcConnectionDetails database;

    @Autowired
    PublishScheduler scheduler;

    /** The slugs made here: unpublished afterwards, so that the other tests' listings stay their own. */
    private final Set<String> madeHere = ConcurrentHashMap.newKeySet();

    @AfterEach
    void schedulerRunsAndWhatWasMadeHereIsUnpublished() {
        scheduler.start();
        pipeline.publishAndAwait(madeHere.stream().map(RenderedEvents::removed).toList());
    }

    @Test
    void aScheduledInsightIsOnNoSurfaceUntilItsInstantThenOnEverySurface() {
        // further ahead than the others: every surface is asked before the instant, also on a busy machine
        Scheduled insight = scheduledAt(Instant.now().plus(AHEAD.multipliedBy(3))).syncedUpTo(syncToken());
        long insightsBefore = stats();

        pipeline.send(insight.event());
        awaitPending(insight.slug());

        assertThat(insight.surfaces(http)).as("surfaces showing it before its instant").doesNotContainValue(true);
        assertThat(Instant.now()).as("every surface asked before its instant").isBefore(insight.publishedAt());
        assertThat(stats()).isEqualTo(insightsBefore);
        assertThat(statuses(insight.event())).singleElement().isInstanceOfSatisfying(RevisionScheduled.class,
                scheduled -> assertThat(scheduled.liveAt()).isEqualTo(insight.publishedAt()));

        await().atMost(AHEAD.multipliedBy(3).plusSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> http.get().uri("/api/insights/" + insight.slug()).exchange().returnResult(String.class)
                        .getStatus().is2xxSuccessful());
        long firstSurface = Duration.between(insight.publishedAt(), Instant.now()).toMillis();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> !insight.surfaces(http).containsValue(false));
        long everySurface = Duration.between(insight.publishedAt(), Instant.now()).toMillis();
        log.info("RESULT scheduled-to-visible-ms {} (JSON by slug), {} (every surface checked in turn)", firstSurface,
                everySurface);

        assertThat(Instant.now()).isAfter(insight.publishedAt());
        assertThat(stats()).isEqualTo(insightsBefore + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses(insight.event()).size() == 2);
        assertThat(statuses(insight.event()).get(1)).isInstanceOfSatisfying(RevisionWentLive.class,
                live -> assertThat(live.liveAt()).isEqualTo(insight.publishedAt()));
    }

    @Test
    void aScheduledInsightRevisedBeforeItsInstantGoesLiveWithTheRevision() {
        Scheduled first = scheduledAt(Instant.now().plus(AHEAD));
        Scheduled revised = first.revised("Revised before its time", Instant.now().plus(AHEAD));

        pipeline.send(first.event());
        pipeline.send(revised.event());
        awaitPending(first.slug());

        await().atMost(AHEAD.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> http.get().uri("/api/insights/" + first.slug()).exchange().returnResult(String.class)
                        .getStatus().is2xxSuccessful());
        http.get().uri("/api/insights/" + first.slug()).exchange()
                .expectBody().jsonPath("$.title").isEqualTo("Revised before its time");
        // scheduled first when the two came in separate batches, then superseded; in one batch only superseded
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(statuses(first.event())).last()
                .isInstanceOfSatisfying(RevisionSuperseded.class, superseded -> assertThat(superseded.supersededBy())
                        .isEqualTo(revised.event().revision())));
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses(revised.event()).size() == 2);
        assertThat(statuses(revised.event()).get(1)).isInstanceOf(RevisionWentLive.class);
    }

    @Test
    void aScheduledInsightUnpublishedBeforeItsInstantNeverAppears() {
        Scheduled insight = scheduledAt(Instant.now().plus(AHEAD)).syncedUpTo(syncToken());
        pipeline.send(insight.event());
        awaitPending(insight.slug());

        pipeline.publishAndAwait(RenderedEvents.removed(insight.slug()));

        assertThat(pending(insight.slug())).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses(insight.event()).size() == 2);
        assertThat(statuses(insight.event()).get(1)).isInstanceOf(RevisionSuperseded.class);
        // past its instant, and past the longest the scheduler sleeps: it would be on the site by now
        await().atMost(AHEAD.plusSeconds(5)).until(() -> Instant.now().isAfter(insight.publishedAt()
                .plus(PublishScheduler.LONGEST_SLEEP)));
        // it never was on the site: not found, as any address nothing was published under (a 410 would tell that
        // something was there), and no surface shows it, the delta sync included: no "delete" of a slug its
        // consumers never had (the slug, derived from the title, would tell them the embargoed news)
        http.get().uri("/api/insights/" + insight.slug()).exchange().expectStatus().isNotFound();
        http.get().uri("/insights/" + insight.slug()).exchange().expectStatus().isNotFound();
        assertThat(insight.surfaces(http)).doesNotContainValue(true);
    }

    @Test
    void aScheduledRevisionTheDatabaseRejectsGoesToTheDeadLetterTopicAndTheRevisionsDueWithItGoLive() {
        Instant due = Instant.now().plus(AHEAD);
        Scheduled good = scheduledAt(due);
        // PostgreSQL stores no NUL character in text: the revision is stored as scheduled, and rejected when it is due
        Scheduled rejected = scheduledAt(due).revised("A NUL \u0000 in its title", due);
        pipeline.send(good.event());
        pipeline.send(rejected.event());
        awaitPending(good.slug());
        awaitPending(rejected.slug());

        await().atMost(AHEAD.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> http.get().uri("/api/insights/" + good.slug()).exchange().returnResult(String.class)
                        .getStatus().is2xxSuccessful());

        ConsumerRecord<String, byte[]> deadLetter = DeadLetterTopic.recordContaining(kafka,
                Topics.INSIGHT_RENDERED_DLT, rejected.slug());
        assertThat(CloudEventCodec.header(deadLetter.headers(), "kafka_dlt-exception-message"))
                .contains("rejected the scheduled revision when it was due").contains("0x00");
        assertThat(CloudEventCodec.header(deadLetter.headers(), CloudEventCodec.ID))
                .isEqualTo(rejected.event().eventId().toString());
        assertThat(DeadLetterTopic.recordsContaining(kafka, Topics.INSIGHT_RENDERED_DLT, rejected.slug())).hasSize(1);
        assertThat(pending(rejected.slug())).isZero();
        http.get().uri("/api/insights/" + rejected.slug()).exchange().expectStatus().isNotFound();
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses(good.event()).size() == 2);
        assertThat(statuses(good.event()).get(1)).isInstanceOf(RevisionWentLive.class);
    }

    @Test
    void aScheduledRevisionPastALimitOfPostgresqlGoesToTheDeadLetterTopicAndTheRevisionsDueWithItGoLive() {
        Instant due = Instant.now().plus(AHEAD);
        Scheduled good = scheduledAt(due);
        // a search text whose vector passes the 1 MB PostgreSQL holds (SQLSTATE 54000): stored as scheduled, and
        // refused when it is due
        Scheduled pastALimit = scheduledAt(due).withSearchText(RenderedEvents.differentWords(180_000));
        pipeline.send(good.event());
        pipeline.send(pastALimit.event());
        awaitPending(good.slug());
        awaitPending(pastALimit.slug());

        await().atMost(AHEAD.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> http.get().uri("/api/insights/" + good.slug()).exchange().returnResult(String.class)
                        .getStatus().is2xxSuccessful());

        ConsumerRecord<String, byte[]> deadLetter = DeadLetterTopic.recordContaining(kafka,
                Topics.INSIGHT_RENDERED_DLT, pastALimit.slug());
        assertThat(CloudEventCodec.header(deadLetter.headers(), "kafka_dlt-exception-message"))
                .contains("rejected the scheduled revision when it was due").contains("too long for tsvector");
        assertThat(pending(pastALimit.slug())).isZero();
        http.get().uri("/api/insights/" + pastALimit.slug()).exchange().expectStatus().isNotFound();
    }

    @Test
    void aScheduledInsightIsPublishedOnTimeByAServiceStartedAfterTheOneThatStoredItStopped() {
        Scheduled insight = scheduledAt(Instant.now().plus(AHEAD).plusSeconds(5)).syncedUpTo(syncToken());
        pipeline.send(insight.event());
        awaitPending(insight.slug());

        scheduler.stop();
        try (ConfigurableApplicationContext restarted = startAnotherService()) {
            // its instant, or the start of the only scheduler left if a slow start ended after it
            Instant due = Collections.max(List.of(insight.publishedAt(), Instant.now()));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> http.get().uri("/api/insights/" + insight.slug()).exchange()
                            .returnResult(String.class).getStatus().is2xxSuccessful());
            Instant visible = Instant.now();
            long late = Duration.between(insight.publishedAt(), visible).toMillis();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !insight.surfaces(http).containsValue(false));
            log.info("RESULT scheduled-to-visible-after-restart-ms {} (JSON by slug), {} (every surface)", late,
                    Duration.between(insight.publishedAt(), Instant.now()).toMillis());

            assertThat(late).isGreaterThanOrEqualTo(0);
            assertThat(visible).as("visible within %s of %s", ON_TIME, due).isBefore(due.plus(ON_TIME));
        }
    }

    /** query-service again on the same database and broker, with its projector stopped: only its scheduler works. */
    private ConfigurableApplicationContext startAnotherService() {
        ConnectionFactoryOptions options = database.getConnectionFactoryOptions();
        String url = "postgresql://%s:%s/%s".formatted(options.getRequiredValue(HOST), options.getValue(PORT),
                options.getRequiredValue(DATABASE));
        // command-line arguments win over query-service.properties
        return QueryServiceApplication.builder().run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + String.join(",", kafka.getBootstrapServers()),
                "--spring.kafka.listener.auto-startup=false",
                "--spring.r2dbc.url=r2dbc:" + url,
                "--spring.r2dbc.username=" + options.getRequiredValue(USER),
                "--spring.r2dbc.password=" + options.getValue(PASSWORD),
                "--spring.flyway.url=jdbc:" + url,
                "--spring.flyway.user=" + options.getRequiredValue(USER),
                "--spring.flyway.password=" + options.getValue(PASSWORD));
    }

    private Scheduled scheduledAt(Instant publishedAt) {
        Scheduled insight = Scheduled.at(publishedAt);
        madeHere.add(insight.slug());
        return insight;
    }

    /** The token of a delta sync consumer that has synced everything so far. */
    @SuppressWarnings("unchecked")
    private String syncToken() {
        Map<String, Object> page = http.get().uri("/api/sync?limit=100").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        while (Boolean.TRUE.equals(page.get("hasMore"))) {
            String token = (String) page.get("nextSyncToken");
            page = http.get().uri(uri -> uri.path("/api/sync").queryParam("token", "{token}")
                    .queryParam("limit", 100).build(token)).exchange().expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody();
        }
        return (String) page.get("nextSyncToken");
    }

    private long stats() {
        return ((Number) http.get().uri("/api/stats").exchange().expectBody(Map.class).returnResult()
                .getResponseBody().get("insights")).longValue();
    }

    private List<StatusEvent> statuses(InsightRendered event) {
        return StatusTopic.about(kafka, event.sourceEventId());
    }

    private void awaitPending(String slug) {
        await().atMost(Duration.ofSeconds(20)).until(() -> pending(slug) > 0);
    }

    private long pending(String slug) {
        return pipeline.database().sql("select count(*) from " + pipeline.activeGeneration()
                + ".scheduled_insight where slug = :slug").bind("slug", slug)
                .map(row -> row.get(0, Long.class)).one().block();
    }

    /** A new insight with a category, tag, case and word of its own, so each surface shows whether it is there. */
    private record Scheduled(Seed seed, InsightRendered event, String word, String syncToken) {

        static Scheduled at(Instant publishedAt) {
            String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            String word = "zyxscheduled" + id.replaceAll("[0-9]", "q");
            Seed seed = new Seed("scheduled-" + id, "Scheduled " + word, "Goes live later: " + word,
                    "Scheduling " + id, publishedAt.truncatedTo(ChronoUnit.MILLIS), 3, "S" + id,
                    List.of("sched-" + id), "Body of the scheduled insight, " + word + ".", "en");
            return new Scheduled(seed, RenderedEvents.rendered(seed), word, null);
        }

        Scheduled syncedUpTo(String token) {
            return new Scheduled(seed, event, word, token);
        }

        Scheduled withSearchText(String bodyText) {
            return new Scheduled(seed, RenderedEvents.withSearchText(event, bodyText), word, syncToken);
        }

        Scheduled revised(String title, Instant publishedAt) {
            Seed revision = seed.withTitle(title).publishedAt(publishedAt.truncatedTo(ChronoUnit.MILLIS));
            return new Scheduled(revision, RenderedEvents.rendered(revision), word, syncToken);
        }

        String slug() {
            return seed.slug();
        }

        Instant publishedAt() {
            return seed.publishedAt();
        }

        /** Per public surface, whether it shows this insight. */
        Map<String, Boolean> surfaces(WebTestClient http) {
            Map<String, Boolean> shown = new LinkedHashMap<>();
            shown.put("article page", status(http, "/insights/" + slug()) == 200);
            shown.put("JSON by slug", status(http, "/api/insights/" + slug()) == 200);
            shown.put("JSON listing", body(http, "/api/insights?limit=50").contains(slug()));
            shown.put("listing page", body(http, "/insights").contains(slug()));
            shown.put("categories", body(http, "/api/categories").contains(seed.category()));
            shown.put("tags", body(http, "/api/tags").contains(seed.tags().get(0)));
            shown.put("search", body(http, "/api/search?q=" + word).contains(slug()));
            shown.put("feed", body(http, "/insights/feed.xml").contains(slug()));
            shown.put("sitemap", body(http, "/sitemap.xml").contains(slug()));
            if (syncToken != null) {
                shown.put("delta sync", http.get().uri(uri -> uri.path("/api/sync").queryParam("token", "{token}")
                        .queryParam("limit", 100).build(syncToken)).exchange().expectStatus().isOk()
                        .expectBody(String.class).returnResult().getResponseBody().contains(slug()));
            }
            return shown;
        }

        private static int status(WebTestClient http, String uri) {
            return http.get().uri(uri).exchange().returnResult(String.class).getStatus().value();
        }

        private static String body(WebTestClient http, String uri) {
            String body = http.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                    .getResponseBody();
            return body == null ? "" : body;
        }
    }
}
