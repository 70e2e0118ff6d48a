package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.r2dbc.spi.ConnectionFactory;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.Topics;
import io.zerone.insights.query.QueryApi;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.StatusTopic;
import io.zerone.insights.query.TableLock;
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

    @Autowired
    WebTestClient http;

    @Autowired
    ConnectionFactory connections;

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
        List<String> blueIndexes = indexes(blue);
        List<String> untouched = snapshot();
        Map<String, String> publishedDuring = new ConcurrentHashMap<>();
        AtomicInteger published = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicLong reads = new AtomicLong();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
        ExecutorService rebuilding = Executors.newSingleThreadExecutor();
        // none left over, so that a generation seen building is this rebuild's
        assertThat(generationsBuilding()).isZero();

        load.scheduleWithFixedDelay(() -> read(failures, reads), 0, 2, TimeUnit.MILLISECONDS);
        load.scheduleAtFixedRate(() -> {
            int n = published.incrementAndGet();
            String slug = "rebuild-" + run + "-during-" + (n % 7);
            madeHere.add(slug);
            String title = "Published during the rebuild, " + n;
            pipeline.send(RenderedEvents.rendered(insight(slug, title)));
            publishedDuring.put(slug, title);
            sent.incrementAndGet();
        }, 0, 20, TimeUnit.MILLISECONDS);
        Rebuild.Result result;
        try {
            Future<Rebuild.Result> rebuilt;
            // the switch waits for this share of the active generation as for a projector's batch: however fast the
            // rebuild, the new generation is still building while publishes are sent and reads served
            try (TableLock switchWaits = TableLock.rowsForShare(connections,
                    "select schema_name from projection_generation where state = 'active'")) {
                rebuilt = rebuilding.submit(rebuild::run);
                await("the new generation registered as building").atMost(Duration.ofSeconds(30))
                        .until(() -> generationsBuilding() == 1);
                int sentWhenBuilding = sent.get();
                long readsWhenBuilding = reads.get();
                // two of each: the one in flight when the building generation was seen may have begun before it
                await("publishes sent and reads served while it builds").atMost(Duration.ofSeconds(30))
                        .until(() -> sent.get() >= sentWhenBuilding + 2 && reads.get() >= readsWhenBuilding + 2);
                assertThat(rebuilt).as("the rebuild, held before its switch").isNotDone();
            }
            result = rebuilt.get(60, TimeUnit.SECONDS);
            int sentAfterSwitch = sent.get();
            long readsAfterSwitch = reads.get();
            await("publishes sent and reads served after the switch").atMost(Duration.ofSeconds(10))
                    .until(() -> published.get() > 20 && sent.get() >= sentAfterSwitch + 2
                            && reads.get() >= readsAfterSwitch + 2);
        } finally {
            load.shutdown();
            rebuilding.shutdown();
            assertThat(load.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(rebuilding.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        pipeline.awaitCaughtUp();

        assertThat(failures).isEmpty();
        String green = pipeline.activeGeneration();
        assertThat(green).isNotEqualTo(blue).isEqualTo(result.generation());
        assertThat(database.sql("select count(*) from pg_namespace where nspname = :blue").bind("blue", blue)
                .map(row -> row.get(0, Long.class)).one().block()).isZero();
        assertThat(result.insights()).isEqualTo(database.sql("select count(*) from insight where removed_at is null")
                .map(row -> row.get(0, Long.class)).one().block());
        assertThat(snapshot()).isEqualTo(untouched);
        // the indexes dropped for the load came back, every one as it was (else search and listings scan the tables),
        // the secondary ones under their names (the copy's unique indexes are named by PostgreSQL)
        assertThat(indexes(green)).isEqualTo(blueIndexes).contains(
                "CREATE INDEX ON insight_search USING gin (document_en) WITH (fastupdate='on', "
                        + "gin_pending_list_limit='256')",
                "CREATE INDEX ON insight_search USING btree (category)");
        assertThat(database.sql("select indexdef from pg_indexes where schemaname = :green and indexname = :name")
                .bind("green", green).bind("name", "insight_search_category_idx").map(row -> row.get(0, String.class))
                .one().block()).contains("(category)");
        publishedDuring.forEach((slug, title) -> assertThat(database.sql("select title from insight where slug = :slug")
                .bind("slug", slug).map(row -> row.get(0, String.class)).one().block()).isEqualTo(title + " " + slug));
        madeHere.addAll(before.stream().map(InsightRendered::slug).toList());
    }

    @Test
    void aRebuildAnswersEveryTombstoneAsTheGenerationItReplacesDid() {
        String withdrawn = "rebuild-" + run + "-withdrawn";
        String neverPublished = "rebuild-" + run + "-never-published";
        // in batches of their own here; the replay reads the publish and the removal in one poll, where only the
        // removal is a candidate, so it cannot tell on its own that the slug was ever live
        pipeline.publishAndAwait(RenderedEvents.rendered(insight(withdrawn, "Published, then withdrawn")));
        pipeline.publishAndAwait(RenderedEvents.removed(withdrawn));
        pipeline.publishAndAwait(RenderedEvents.removed(neverPublished));
        http.get().uri("/api/insights/" + withdrawn).exchange().expectStatus().isEqualTo(410);
        http.get().uri("/api/insights/" + neverPublished).exchange().expectStatus().isNotFound();

        rebuild.run();

        http.get().uri("/api/insights/" + withdrawn).exchange().expectStatus().isEqualTo(410);
        http.get().uri("/insights/" + withdrawn).exchange().expectStatus().isEqualTo(410);
        http.get().uri("/api/insights/" + neverPublished).exchange().expectStatus().isNotFound();
        http.get().uri("/insights/" + neverPublished).exchange().expectStatus().isNotFound();
    }

    @Test
    void aRebuildKeepsTheTimeAnInsightLastLeftAFeed() {
        String tag = "rebuild-" + run + "-left";
        Seed template = insight("rebuild-" + run + "-stays", "Stays in its tag");
        Seed stays = new Seed(template.slug(), template.title(), template.summary(), template.category(),
                template.publishedAt(), template.readingMinutes(), template.caseRef(), List.of(tag), template.body(),
                template.language());
        Seed leaves = stays.withSlug("rebuild-" + run + "-leaves").withTitle("Leaves its tag");
        madeHere.add(stays.slug());
        pipeline.publishAndAwait(RenderedEvents.rendered(stays));
        pipeline.publishAndAwait(RenderedEvents.rendered(leaves));
        pipeline.publishAndAwait(RenderedEvents.removed(leaves.slug()));
        String feed = "/insights/tags/" + tag + "/feed.xml";
        String updated = updated(feed);

        rebuild.run();

        // the replay reads the publish and the removal in one poll and inserts only the tombstone: nothing left
        assertThat(updated(feed)).isEqualTo(updated);
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
            assertThat(generationsBuilding()).isZero();
            assertThat(database.sql("select count(*) from pg_namespace where nspname like 'projection_%'")
                    .map(row -> row.get(0, Long.class)).one().block()).isEqualTo(1);
        } finally {
            database.sql("delete from " + active + ".insight where slug = 'not-from-the-topic'").then().block();
        }
    }

    @Test
    void anEventTheDatabaseRejectsIsSkippedAndReportedAndTheRebuildStillSwitches() {
        // one partition, so that the good record after the rejected one moves the live projection's offset past it
        List<String> slugs = slugsOnOnePartition(3);
        InsightRendered before = RenderedEvents.rendered(insight(slugs.get(0), "Before the rejected one"));
        // PostgreSQL stores no NUL character in text; the event itself is well-formed, so it is no undecodable record
        InsightRendered rejected = RenderedEvents.rendered(insight(slugs.get(1), "A NUL \u0000 in the title of"));
        InsightRendered after = RenderedEvents.rendered(insight(slugs.get(2), "After the rejected one"));
        // a newer revision of a served slug that the database rejects: the older one stays served, and counted
        InsightRendered rejectedRevision = RenderedEvents.rendered(insight(before.slug(), "Another NUL \u0000 of"));
        List.of(before, rejectedRevision, rejected, after).forEach(pipeline::send);
        // the live projector applied the good ones and sent the rejected ones to the dead-letter topic: the active
        // generation never held the rejected slug, and holds the served one at its older revision
        pipeline.awaitCaughtUp();
        assertThat(pipeline.appliedOffset(rejected.slug())).isEqualTo(-1);
        String blue = pipeline.activeGeneration();
        assertThat(rowsOf(blue, rejected.slug())).isZero();
        assertThat(title(blue, before.slug())).isEqualTo(before.insight().title());

        Rebuild.Result result = rebuild.run();

        assertThat(pipeline.activeGeneration()).isNotEqualTo(blue).isEqualTo(result.generation());
        assertThat(result.rejected()).filteredOn(skipped -> skipped.slug().equals(rejected.slug())).singleElement()
                .satisfies(skipped -> assertThat(skipped.reason()).contains("0x00"));
        assertThat(result.rejected()).extracting(RebuildReplay.Rejected::slug).contains(before.slug());
        // the rebuilt generation holds both slugs it replayed something of: nothing to carry over
        assertThat(result.carriedOver()).isEmpty();
        assertThat(RebuildCommand.report(result)).contains("RESULT rebuild-rejected " + result.rejected().size(),
                "RESULT rebuild-carried-over 0", "RESULT rebuild-insights " + liveInsights());
        for (InsightRendered good : List.of(before, after)) {
            http.get().uri("/api/insights/" + good.slug()).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.title").isEqualTo(good.insight().title());
        }
        http.get().uri("/api/insights/" + rejected.slug()).exchange().expectStatus().isNotFound();
    }

    @Test
    void aSlugWhoseOnlyRecordLeftIsOneTheDatabaseRejectsIsCarriedOverFromTheActiveGenerationAndStillServed() {
        List<String> slugs = slugsOnOnePartition(2);
        String kept = slugs.get(0);
        String active = pipeline.activeGeneration();
        // what compaction leaves: the live generation holds an older revision of the slug (a live insight, with its
        // search row and its share of the kept counters) whose record is gone from the topic, and the slug's newest
        // record, the only one left, is one the database rejects
        Seed seed = Seed.all().get(1);
        database.sql("insert into " + active + ".insight select (jsonb_populate_record(null::" + active
                + ".insight, to_jsonb(i) || jsonb_build_object('slug', :slug, 'revision_offset', 0, "
                + "'source_event_id', gen_random_uuid()))).* from " + active + ".insight i where slug = :seed")
                .bind("slug", kept).bind("seed", seed.slug()).then().block();
        database.sql("insert into " + active + ".insight_search (slug, language, title, summary, body_text, tags,"
                + " category, published_at) select :slug, language, title, summary, body_text, tags, category,"
                + " published_at from " + active + ".insight_search where slug = :seed")
                .bind("slug", kept).bind("seed", seed.slug()).then().block();
        database.sql(("with changes as (delete from %1$s.insight_count_change returning facet, value, change) "
                + "insert into %1$s.insight_count as kept (facet, value, insights) "
                + "select facet, value, sum(change) from changes group by facet, value "
                + "on conflict (facet, value) do update set insights = kept.insights + excluded.insights")
                .formatted(active)).then().block();
        InsightRendered rejected = RenderedEvents.rendered(insight(kept, "A NUL \u0000 in the title of"));
        InsightRendered after = RenderedEvents.rendered(insight(slugs.get(1), "After the rejected one"));
        pipeline.send(rejected);
        pipeline.send(after);
        pipeline.awaitCaughtUp();
        // still served from the revision compaction took off the topic (read without caching a response)
        assertThat(pipeline.appliedOffset(kept)).isZero();

        Rebuild.Result result = rebuild.run();

        // the counts, compared whole, matched: the rebuilt generation holds the slug as the active one did
        assertThat(pipeline.activeGeneration()).isNotEqualTo(active).isEqualTo(result.generation());
        http.get().uri("/api/insights/" + kept).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.title").isEqualTo(seed.title());
        assertThat(result.rejected()).extracting(RebuildReplay.Rejected::slug).contains(kept);
        assertThat(result.carriedOver()).containsExactly(kept);
        assertThat(RebuildCommand.report(result)).contains("RESULT rebuild-carried-over 1",
                "RESULT rebuild-insights " + liveInsights());
        assertThat(database.sql("select count(*) from " + result.generation() + ".insight_search where slug = :slug")
                .bind("slug", kept).map(row -> row.get(0, Long.class)).one().block()).isOne();
        http.get().uri("/api/insights/" + after.slug()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.title").isEqualTo(after.insight().title());
    }

    @Test
    void aGenerationARebuildRetiredButWasKilledBeforeDroppingIsDroppedByTheNextRebuild() {
        String blue = pipeline.activeGeneration();
        String green = rebuild.run().generation();
        // the state a rebuild killed between its switch and its drop leaves: blue retired, its schema still there
        database.sql("create schema " + blue).then().block();
        database.sql("create table %s.insight as select * from %s.insight".formatted(blue, green)).then().block();
        assertThat(state(blue)).isEqualTo("retired");

        String next = rebuild.run().generation();

        assertThat(pipeline.activeGeneration()).isEqualTo(next).isNotIn(blue, green);
        assertThat(schemaExists(blue)).isFalse();
        assertThat(schemaExists(next)).isTrue();
        assertThat(database.sql("select count(*) from pg_namespace where nspname like 'projection_%'")
                .map(row -> row.get(0, Long.class)).one().block()).isEqualTo(1);
    }

    private long generationsBuilding() {
        return database.sql("select count(*) from projection_generation where state = 'building'")
                .map(row -> row.get(0, Long.class)).one().block();
    }

    private long rowsOf(String generation, String slug) {
        return database.sql("select count(*) from " + generation + ".insight where slug = :slug").bind("slug", slug)
                .map(row -> row.get(0, Long.class)).one().block();
    }

    private String title(String generation, String slug) {
        return database.sql("select title from " + generation + ".insight where slug = :slug").bind("slug", slug)
                .map(row -> row.get(0, String.class)).one().block();
    }

    /** The live insights readers see. */
    private long liveInsights() {
        return database.sql("select count(*) from insight where removed_at is null")
                .map(row -> row.get(0, Long.class)).one().block();
    }

    private String state(String generation) {
        return database.sql("select state from projection_generation where schema_name = :generation")
                .bind("generation", generation).map(row -> row.get(0, String.class)).one().block();
    }

    private boolean schemaExists(String schema) {
        return database.sql("select count(*) from pg_namespace where nspname = :schema").bind("schema", schema)
                .map(row -> row.get(0, Long.class)).one().block() == 1;
    }

    /** Slugs the producer puts on one partition; unpublished afterwards. */
    private List<String> slugsOnOnePartition(int count) {
        List<String> slugs = new ArrayList<>();
        for (int i = 0; slugs.size() < count; i++) {
            String slug = "rebuild-" + run + "-p" + i;
            int partition = Utils.toPositive(Utils.murmur2(slug.getBytes(StandardCharsets.UTF_8)))
                    % Topics.DEFAULT_PARTITIONS;
            if (partition == 0) {
                slugs.add(slug);
                madeHere.add(slug);
            }
        }
        return slugs;
    }

    /** Every index of a generation's tables as PostgreSQL defines it, without its name and the generation's. */
    private List<String> indexes(String generation) {
        return database.sql("""
                        select regexp_replace(indexdef, 'INDEX \\S+ ON \\S+\\.', 'INDEX ON ') as definition
                        from pg_indexes where schemaname = :generation order by definition""")
                .bind("generation", generation).map(row -> row.get(0, String.class)).all().collectList().block();
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

    private String updated(String feed) {
        String atom = new String(http.get().uri(feed).exchange().expectStatus().isOk().expectBody().returnResult()
                .getResponseBody(), StandardCharsets.UTF_8);
        return atom.substring(atom.indexOf("<updated>"), atom.indexOf("</updated>"));
    }

    private static Seed insight(String slug, String title) {
        Seed template = Seed.all().get(1);
        return new Seed(slug, title + " " + slug, template.summary(), template.category(), template.publishedAt(),
                template.readingMinutes(), template.caseRef(), template.tags(), template.body(), template.language());
    }
}
