package io.zerone.insights.query.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.unit.DataSize;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.TestPipeline;
import io.zerone.insights.query.projection.Rebuilds;
import io.zerone.insights.query.web.DatabaseUnavailable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The delta sync API against the real broker, projector and PostgreSQL: consumers that sync while editors publish,
 * revise and unpublish end with exactly what the site serves. Every slug made here is unpublished afterwards.
 */
@QueryServiceIntegrationTest
class SyncIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    TestPipeline pipeline;

    @Autowired
    WebTestClient http;

    @Autowired
    SyncLogPruning pruning;

    @Autowired
    ApplicationContext context;

    @Autowired
    ConnectionFactory connections;

    @Autowired
    SyncLog log;

    @Autowired
    SyncTokens tokens;

    @Autowired
    SyncSettings settings;

    @Autowired
    DatabaseUnavailable unavailable;

    private final String run = Long.toString(System.nanoTime(), 36);
    private final Set<String> madeHere = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
    }

    @AfterEach
    void unpublishWhatWasMadeHere() {
        pipeline.publishAndAwait(madeHere.stream().map(RenderedEvents::removed).toList());
    }

    @Test
    void aConsumerSyncingWhileEditorsPublishReviseAndUnpublishEndsWithTheSitesLiveInsights() throws Exception {
        List<String> slugs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            slugs.add("sync-" + run + "-" + i);
        }
        madeHere.addAll(slugs);
        AtomicInteger sent = new AtomicInteger();
        ScheduledExecutorService editors = Executors.newSingleThreadScheduledExecutor();
        SyncConsumer consumer = new SyncConsumer(http);
        int pages = 0;

        editors.scheduleAtFixedRate(() -> {
            int n = sent.get();
            if (n >= 300) {
                return;
            }
            String slug = slugs.get(ThreadLocalRandom.current().nextInt(slugs.size()));
            pipeline.send(ThreadLocalRandom.current().nextInt(4) == 0 ? RenderedEvents.removed(slug)
                    : RenderedEvents.rendered(insight(slug, n)));
            sent.incrementAndGet();
        }, 0, 5, TimeUnit.MILLISECONDS);
        try {
            // the full sync itself pages while the editors work
            consumer.fullSync(3);
            while (sent.get() < 300) {
                if (pages++ % 3 == 0) {
                    // a page fetched again with the same token (a consumer that crashed before it stored its token)
                    String token = consumer.token();
                    consumer.apply(consumer.fetch(token, 4));
                    consumer.apply(consumer.fetch(token, 4));
                } else {
                    consumer.fetchAndApply(4);
                }
            }
        } finally {
            editors.shutdown();
            assertThat(editors.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        pipeline.awaitCaughtUp();

        assertThat(pages).isGreaterThan(3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            consumer.catchUp(50);
            assertEqualToTheSite(consumer, slugs);
        });
        assertThat(consumer.fetch(consumer.token(), 50).get("items")).as("nothing is answered twice").isEmpty();
    }

    @Test
    void thePagesOfChangesComeInTheOrderTheyWereAppliedAndAgainForTheSameToken() {
        String revised = "sync-" + run + "-revised";
        String unpublished = "sync-" + run + "-unpublished";
        String published = "sync-" + run + "-published";
        madeHere.addAll(List.of(revised, unpublished, published));
        pipeline.publishAndAwait(List.of(RenderedEvents.rendered(insight(revised, 1)),
                RenderedEvents.rendered(insight(unpublished, 1))));
        SyncConsumer consumer = new SyncConsumer(http);
        consumer.fullSync(100);
        consumer.catchUp(100);
        String before = consumer.token();

        pipeline.publishAndAwait(RenderedEvents.rendered(insight(revised, 2)));
        pipeline.publishAndAwait(RenderedEvents.removed(unpublished));
        pipeline.publishAndAwait(RenderedEvents.rendered(insight(published, 1)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> consumer.fetch(before, 100).get("items").size() == 3);
        String first = consumer.body(before, 2);
        String again = consumer.body(before, 2);
        JsonNode firstPage = JSON.readTree(first);
        JsonNode secondPage = consumer.fetch(firstPage.get("nextSyncToken").asString(), 2);

        assertThat(again).isEqualTo(first);
        assertThat(firstPage.get("hasMore").asBoolean()).isTrue();
        assertThat(secondPage.get("hasMore").asBoolean()).isFalse();
        List<JsonNode> entries = new ArrayList<>();
        firstPage.get("items").forEach(entries::add);
        secondPage.get("items").forEach(entries::add);
        assertThat(entries).extracting(entry -> entry.get("action").asString() + " " + entry.get("slug").asString())
                .containsExactly("upsert " + revised, "delete " + unpublished, "upsert " + published);
        assertThat(entries).allSatisfy(entry -> assertThat(entry.get("type").asString()).isEqualTo("insight"));
        assertThat(entries.get(0).get("insight")).isEqualTo(bySlug(revised));
        assertThat(entries.get(1).has("insight")).isFalse();
        assertThat(consumer.fetch(secondPage.get("nextSyncToken").asString(), 2).get("items")).isEmpty();
    }

    @Test
    void anUnpublishOfASlugNothingWasPublishedUnderIsNoChangeToSync() {
        String typo = "sync-" + run + "-never-published";
        String published = "sync-" + run + "-published";
        madeHere.add(published);
        SyncConsumer consumer = new SyncConsumer(http);
        consumer.fullSync(100);
        consumer.catchUp(100);
        String before = consumer.token();

        // an editor's DELETE of a mistyped slug, sent twice, then a publish
        pipeline.publishAndAwait(RenderedEvents.removed(typo));
        pipeline.publishAndAwait(RenderedEvents.removed(typo));
        pipeline.publishAndAwait(RenderedEvents.rendered(insight(published, 1)));

        // no consumer ever held the slug: nothing to delete, and no reason to learn it
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(consumer.fetch(before, 100).get("items"))
                .extracting(entry -> entry.get("action").asString() + " " + entry.get("slug").asString())
                .containsExactly("upsert " + published));
    }

    @Test
    void aChangeCommittedAfterLaterOnesIsNotSkipped() {
        String seed = Seed.all().get(2).slug();
        String later = "sync-" + run + "-later";
        madeHere.add(later);
        SyncConsumer consumer = new SyncConsumer(http);
        consumer.fullSync(100);
        consumer.catchUp(100);
        Connection early = Mono.from(connections.create()).block();
        try {
            Mono.from(early.beginTransaction()).block();
            // an editor's change that takes its place in the log first and commits last, as a slow batch would
            execute(early, "update " + pipeline.activeGeneration() + ".insight set title = title || ' (held)'"
                    + " where slug = '" + seed + "'");
            pipeline.publishAndAwait(RenderedEvents.rendered(insight(later, 1)));

            consumer.catchUp(100);
            Mono.from(early.commitTransaction()).block();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                consumer.catchUp(100);
                assertThat(consumer.insights()).containsKey(later);
                assertThat(consumer.insights().get(seed).get("title").asString()).endsWith(" (held)");
            });
        } finally {
            Mono.from(early.close()).block();
            pipeline.publishSeeds();
        }
    }

    @Test
    void aTamperedTokenIsABadRequestProblem() {
        SyncConsumer consumer = new SyncConsumer(http);
        consumer.fullSync(100);
        String token = consumer.token();
        char last = token.charAt(token.indexOf('.') - 1);
        String tampered = token.substring(0, token.indexOf('.') - 1) + (last == 'A' ? 'B' : 'A')
                + token.substring(token.indexOf('.'));

        for (String bad : List.of(tampered, "not-a-token", token + "x", "a".repeat(1000))) {
            http.get().uri(uri -> uri.path("/api/sync").queryParam("token", "{token}").build(bad)).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType("application/problem+json")
                    .expectBody().jsonPath("$.status").isEqualTo(400);
        }
        http.get().uri("/api/sync?limit=0").exchange().expectStatus().isBadRequest();
    }

    @Test
    void aTokenOlderThanTheChangesStillKeptIsGoneAndAFullSyncStartsAgain() {
        String slug = "sync-" + run + "-pruned";
        madeHere.add(slug);
        SyncConsumer consumer = new SyncConsumer(http);
        consumer.fullSync(100);
        String old = consumer.token();

        pipeline.publishAndAwait(RenderedEvents.rendered(insight(slug, 1)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            pruning.prune(Duration.ZERO).block();
            assertGone(old, "no longer kept");
        });

        consumer.fullSync(100);
        assertThat(consumer.insights()).containsKey(slug);
    }

    @Test
    void aRebuildMakesEveryEarlierTokenGone() {
        SyncConsumer consumer = new SyncConsumer(http);
        consumer.fullSync(100);
        String old = consumer.token();

        Rebuilds.rebuild(context, pipeline);

        assertGone(old, "rebuilt");
        consumer.fullSync(7);
        consumer.catchUp(100);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEqualToTheSite(consumer, List.of()));
    }

    @Test
    void pagesOfLargeInsightsStayWithinTheByteBudgetAndFollowingTheTokensAnswersEachInsightOnce() {
        // the sync API as configured with query.sync.page-bytes of 60 kB (the shared context keeps the default)
        long budget = 60_000;
        WebTestClient small = WebTestClient.bindToController(new SyncApi(log, tokens, new SyncSettings(
                settings.tokenSecret(), settings.pageSize(), DataSize.ofBytes(budget), settings.retention(),
                settings.pruneInterval()), unavailable)).build();
        List<String> large = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            large.add("sync-" + run + "-large-" + i);
        }
        madeHere.addAll(large);
        SyncConsumer changes = new SyncConsumer(small);
        changes.fullSync(100);
        changes.catchUp(100);

        // about 25 kB of body each: the seeds and these take several pages of 60 kB, far fewer than 100 entries
        pipeline.publishAndAwait(large.stream().map(slug -> RenderedEvents.rendered(largeInsight(slug))).toList());
        List<JsonNode> changePages = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode page;
            do {
                page = changes.fetchAndApply(100);
                changePages.add(page);
            } while (page.get("hasMore").asBoolean());
            assertThat(changes.insights()).containsKeys(large.toArray(String[]::new));
        });
        SyncConsumer full = new SyncConsumer(small);
        List<JsonNode> fullPages = new ArrayList<>();
        JsonNode page;
        do {
            page = full.fetchAndApply(100);
            fullPages.add(page);
        } while (page.get("hasMore").asBoolean());
        full.catchUp(100);
        List<JsonNode> afterFullSync = new ArrayList<>();
        do {
            page = full.fetchAndApply(100);
            afterFullSync.add(page);
        } while (page.get("hasMore").asBoolean());

        for (List<JsonNode> pages : List.of(changePages, fullPages)) {
            List<Long> bytesBeforeLast = pages.stream().map(each -> {
                List<JsonNode> items = new ArrayList<>();
                each.get("items").forEach(items::add);
                return items.stream().limit(Math.max(0, items.size() - 1)).mapToLong(SyncIntegrationTests::textBytes)
                        .sum();
            }).toList();
            assertThat(bytesBeforeLast).as("the bytes of each page before its last entry")
                    .allSatisfy(bytes -> assertThat(bytes).isLessThan(budget));
            assertThat(pages.stream().filter(each -> each.get("hasMore").asBoolean())).as("pages cut by bytes")
                    .hasSizeGreaterThanOrEqualTo(2);
        }
        assertThat(upserts(changePages, large)).as("the changes, each once").containsExactlyInAnyOrderElementsOf(large);
        List<JsonNode> fullAndAfter = new ArrayList<>(fullPages);
        fullAndAfter.addAll(afterFullSync);
        assertThat(upserts(fullAndAfter, large)).as("the full sync, each once")
                .containsExactlyInAnyOrderElementsOf(large);
        assertThat(full.insights().keySet()).containsExactlyInAnyOrderElementsOf(listing().keySet());
        assertThat(full.insights()).containsAllEntriesOf(changes.insights());
    }

    private static List<String> upserts(List<JsonNode> pages, List<String> slugs) {
        List<String> upserted = new ArrayList<>();
        pages.forEach(page -> page.get("items").forEach(entry -> {
            if (entry.get("action").asString().equals("upsert") && slugs.contains(entry.get("slug").asString())) {
                upserted.add(entry.get("slug").asString());
            }
        }));
        return upserted;
    }

    /** The text an entry's insight carries, in bytes: never more than what the page budget counts for it. */
    private static long textBytes(JsonNode entry) {
        JsonNode insight = entry.path("insight");
        if (insight.isMissingNode()) {
            return 0;
        }
        return insight.get("title").asString().getBytes(StandardCharsets.UTF_8).length
                + insight.get("summary").asString().getBytes(StandardCharsets.UTF_8).length
                + insight.get("bodyHtml").asString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static Seed largeInsight(String slug) {
        Seed template = Seed.all().get(1);
        return new Seed(slug, "Large " + slug, template.summary(), template.category(), template.publishedAt(),
                template.readingMinutes(), template.caseRef(), template.tags(), "Large words. ".repeat(2000),
                template.language());
    }

    private static void execute(Connection connection, String sql) {
        Flux.from(connection.createStatement(sql).execute()).flatMap(Result::getRowsUpdated).blockLast();
    }

    private void assertGone(String token, String reason) {
        http.get().uri(uri -> uri.path("/api/sync").queryParam("token", "{token}").build(token)).exchange()
                .expectStatus().isEqualTo(HttpStatus.GONE)
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail).contains(reason))
                .jsonPath("$.fullSync").isEqualTo("/api/sync");
    }

    /**
     * The consumer holds exactly the insights of the site's JSON listing, with the listing's fields, and for the
     * seeds and {@code touched} exactly the JSON of {@code /api/insights/{slug}}.
     */
    private void assertEqualToTheSite(SyncConsumer consumer, List<String> touched) {
        Map<String, JsonNode> listed = listing();
        assertThat(consumer.insights().keySet()).containsExactlyInAnyOrderElementsOf(listed.keySet());
        listed.forEach((slug, item) -> item.properties().forEach(field -> assertThat(
                consumer.insights().get(slug).get(field.getKey())).as(slug + " " + field.getKey())
                .isEqualTo(field.getValue())));
        List<String> compared = new ArrayList<>(touched);
        Seed.all().forEach(seed -> compared.add(seed.slug()));
        for (String slug : compared) {
            if (listed.containsKey(slug)) {
                assertThat(consumer.insights().get(slug)).as(slug).isEqualTo(bySlug(slug));
            } else {
                http.get().uri("/api/insights/{slug}", slug).exchange().expectStatus().isEqualTo(HttpStatus.GONE);
            }
        }
    }

    private Map<String, JsonNode> listing() {
        Map<String, JsonNode> items = new HashMap<>();
        String cursor = null;
        do {
            String next = cursor;
            JsonNode page = JSON.readTree(http.get().uri(uri -> next == null
                            ? uri.path("/api/insights").queryParam("limit", 100).build()
                            : uri.path("/api/insights").queryParam("limit", 100).queryParam("cursor", "{c}").build(next))
                    .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
            page.get("items").forEach(item -> items.put(item.get("slug").asString(), item));
            JsonNode nextCursor = page.path("nextCursor");
            cursor = nextCursor.isNull() || nextCursor.isMissingNode() ? null : nextCursor.asString();
        } while (cursor != null);
        return items;
    }

    private JsonNode bySlug(String slug) {
        return JSON.readTree(http.get().uri("/api/insights/{slug}", slug).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private static Seed insight(String slug, int revision) {
        Seed template = Seed.all().get(1);
        return new Seed(slug, "Revision " + revision + " of " + slug, template.summary(), template.category(),
                template.publishedAt(), template.readingMinutes(), template.caseRef(), template.tags(),
                template.body() + "\n\nRevision " + revision + ".", template.language());
    }
}
