package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.query.QueryApi;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.StatusTopic;
import io.zerone.insights.query.TestPipeline;
import tools.jackson.databind.json.JsonMapper;

/**
 * The blue/green rebuild against the real broker and PostgreSQL, while a reader hammers the site and publishing goes
 * on. Every slug made here is unpublished afterwards, so other tests see the nine seeds.
 */
@QueryServiceIntegrationTest
class RebuildIntegrationTests {

    private static final String ARTICLE = "/insights/" + Seed.all().get(0).slug();

    @Autowired
    Rebuild rebuild;

    @Autowired
    TestPipeline pipeline;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    DatabaseClient database;

    @Autowired
    KafkaConnectionDetails kafka;

    @LocalServerPort
    int port;

    private final String run = Long.toString(System.nanoTime(), 36);
    private final List<String> madeHere = new CopyOnWriteArrayList<>();

    @BeforeEach
    void projectionAsAReplayOfTheTopicMakesIt() {
        pipeline.publishSeeds();
        // other tests of this JVM write rows straight into the projection; start from what the topic says
        pipeline.replayFromTheBeginning(listeners.getListenerContainer(ProjectionListener.GROUP));
        pipeline.awaitCaughtUp();
    }

    @AfterEach
    void unpublishWhatWasMadeHere() {
        pipeline.publishAndAwait(madeHere.stream().map(RenderedEvents::removed).toList());
    }

    @Test
    void readersSwitchToTheRebuiltGenerationWithoutAnErrorOrAnEmptyListingWhilePublishingGoesOn() throws Exception {
        List<InsightRendered> before = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            before.add(RenderedEvents.rendered(insight("rebuild-" + run + "-" + i, "Loaded before the rebuild")));
        }
        pipeline.publishAndAwait(before);
        String blue = pipeline.activeGeneration();
        List<String> untouched = snapshot();
        Map<String, String> publishedDuring = new ConcurrentHashMap<>();
        AtomicInteger published = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicLong reads = new AtomicLong();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(2);

        load.scheduleWithFixedDelay(() -> read(failures, reads), 0, 2, TimeUnit.MILLISECONDS);
        load.scheduleAtFixedRate(() -> {
            int n = published.incrementAndGet();
            String slug = "rebuild-" + run + "-during-" + (n % 7);
            madeHere.add(slug);
            String title = "Published during the rebuild, " + n;
            pipeline.send(RenderedEvents.rendered(insight(slug, title)));
            publishedDuring.put(slug, title);
        }, 0, 20, TimeUnit.MILLISECONDS);
        Rebuild.Result result;
        try {
            result = rebuild.run();
            await().atMost(Duration.ofSeconds(10)).until(() -> published.get() > 20);
        } finally {
            load.shutdown();
            assertThat(load.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        pipeline.awaitCaughtUp();

        assertThat(failures).isEmpty();
        assertThat(reads.get()).isPositive();
        String green = pipeline.activeGeneration();
        assertThat(green).isNotEqualTo(blue).isEqualTo(result.generation());
        assertThat(database.sql("select count(*) from pg_namespace where nspname = :blue").bind("blue", blue)
                .map(row -> row.get(0, Long.class)).one().block()).isZero();
        assertThat(result.insights()).isEqualTo(database.sql("select count(*) from insight where removed_at is null")
                .map(row -> row.get(0, Long.class)).one().block());
        assertThat(snapshot()).isEqualTo(untouched);
        publishedDuring.forEach((slug, title) -> assertThat(database.sql("select title from insight where slug = :slug")
                .bind("slug", slug).map(row -> row.get(0, String.class)).one().block()).isEqualTo(title + " " + slug));
        madeHere.addAll(before.stream().map(InsightRendered::slug).toList());
    }

    @Test
    void scheduledRevisionsAreRebuiltByTheReplayAndGoLiveOnceAtTheirInstant() {
        InsightRendered soon = RenderedEvents.rendered(insight("rebuild-" + run + "-soon", "Scheduled soon")
                .publishedAt(Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS)));
        InsightRendered later = RenderedEvents.rendered(insight("rebuild-" + run + "-later", "Scheduled later")
                .publishedAt(Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS)));
        madeHere.addAll(List.of(soon.slug(), later.slug()));
        pipeline.send(soon);
        pipeline.send(later);
        pipeline.awaitCaughtUp();

        Rebuild.Result result = rebuild.run();

        assertThat(scheduled(result.generation(), later.slug())).isOne();
        await().atMost(Duration.ofSeconds(15)).until(() -> database.sql(
                "select count(*) from insight where slug = :slug and removed_at is null").bind("slug", soon.slug())
                .map(row -> row.get(0, Long.class)).one().block() == 1);
        assertThat(scheduled(result.generation(), soon.slug())).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                StatusTopic.about(kafka, soon.sourceEventId())).extracting(status -> status.getClass().getSimpleName())
                .containsExactly("RevisionScheduled", "RevisionWentLive"));
    }

    private long scheduled(String generation, String slug) {
        return database.sql("select count(*) from " + generation + ".scheduled_insight where slug = :slug")
                .bind("slug", slug).map(row -> row.get(0, Long.class)).one().block();
    }

    @Test
    void aRebuildWhoseCountsDoNotMatchFailsAndTheActiveGenerationKeepsServing() {
        String active = pipeline.activeGeneration();
        // a row no event of the topic made: the replay cannot make it, so the counts differ
        database.sql("insert into " + active + ".insight (slug, revision_partition, revision_offset, source_event_id,"
                + " removed_at) values ('not-from-the-topic', 0, 0, gen_random_uuid(), now())").then().block();
        try {
            assertThatThrownBy(rebuild::run).hasMessageContaining("counts do not match")
                    .hasMessageContaining(active + " stays active");

            assertThat(pipeline.activeGeneration()).isEqualTo(active);
            assertThat(database.sql("select count(*) from projection_generation where state = 'building'")
                    .map(row -> row.get(0, Long.class)).one().block()).isZero();
            assertThat(database.sql("select count(*) from pg_namespace where nspname like 'projection_%'")
                    .map(row -> row.get(0, Long.class)).one().block()).isEqualTo(1);
        } finally {
            database.sql("delete from " + active + ".insight where slug = 'not-from-the-topic'").then().block();
        }
    }

    private void read(List<String> failures, AtomicLong reads) {
        WebClient site = WebClient.builder().baseUrl("http://localhost:" + port).filter(QueryApi.validated()).build();
        try {
            String listing = site.get().uri("/api/insights").retrieve().bodyToMono(String.class)
                    .block(Duration.ofSeconds(10));
            if (JsonMapper.builder().build().readTree(listing).get("items").isEmpty()) {
                failures.add("empty listing");
            }
            site.get().uri(ARTICLE).retrieve().toBodilessEntity().block(Duration.ofSeconds(10));
            // reads no cache answers: a search of its own, and JSON by slug of the insights loaded before (each
            // cached after its first read, so most of these reach the database while the generations switch)
            long n = reads.get();
            site.get().uri("/api/search?q=rebuild -absent" + n).retrieve().toBodilessEntity()
                    .block(Duration.ofSeconds(10));
            site.get().uri("/api/insights/rebuild-" + run + "-" + (n % 200)).retrieve().toBodilessEntity()
                    .block(Duration.ofSeconds(10));
            reads.incrementAndGet();
        } catch (RuntimeException e) {
            failures.add(e.toString());
        }
    }

    /** Every row but those published during the rebuild, as readers see it, without the time it was applied. */
    private List<String> snapshot() {
        return database.sql("""
                        select (to_jsonb(i) - 'applied_at')::text || coalesce(to_jsonb(s)::text, '') from insight i
                        left join insight_search s on s.slug = i.slug
                        where i.slug not like :during order by i.slug""")
                .bind("during", "rebuild-" + run + "-during-%")
                .map(row -> row.get(0, String.class)).all().collectList().block();
    }

    private static Seed insight(String slug, String title) {
        Seed template = Seed.all().get(1);
        return new Seed(slug, title + " " + slug, template.summary(), template.category(), template.publishedAt(),
                template.readingMinutes(), template.caseRef(), template.tags(), template.body(), template.language());
    }
}
