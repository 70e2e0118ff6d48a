package io.zerone.insights.query.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.Topics;
import io.zerone.insights.query.ChangeNotifications;
import io.zerone.insights.query.QueryCounter;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.TestPipeline;
import io.zerone.insights.query.web.DatabaseUnavailable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@QueryServiceIntegrationTest
class ResponseCacheIntegrationTests {

    private static final String SLUG = "update-with-subquery-and-limit";
    private static final String OTHER = "commit-before-async-io";
    private static final String THIRD = Seed.all().stream().map(Seed::slug)
            .filter(slug -> !slug.equals(SLUG) && !slug.equals(OTHER)).findFirst().orElseThrow();
    /** Shares no case and no tag with OTHER: a change of OTHER cannot alter its related insights. */
    private static final String UNRELATED = "static-export-instead-of-a-webshop";

    /** The statements of StoredArticles, behind an article page or its JSON. */
    private static final String FIND = " from insight where slug = ";
    private static final String LISTING = "order by published_at desc, slug desc";

    @Autowired
    TestPipeline pipeline;

    @Autowired
    QueryCounter queries;

    @Autowired
    ResponseCache cache;

    @Autowired
    InsightChanges changes;

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient database;

    @Autowired
    TransactionalOperator transaction;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    R2dbcConnectionDetails r2dbc;

    @Autowired
    DatabaseUnavailable databaseUnavailable;

    @LocalServerPort
    int port;

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
    }

    @Test
    void concurrentMissesForOneKeyMakeExactlyOneDatabaseQuery() {
        cache.invalidateAll();
        queries.reset();
        WebClient client = WebClient.create("http://localhost:" + port);

        Flux.range(0, 64)
                .flatMap(i -> client.get().uri("/api/insights?limit=3").retrieve().toBodilessEntity(), 64)
                .blockLast(Duration.ofSeconds(30));

        assertThat(queries.count("order by published_at desc, slug desc")).isEqualTo(1);
    }

    @Test
    void parametersSpelledNullOrHoldingTheSeparatorAreCachedApartFromTheAddressesTheyResemble() {
        cache.invalidateAll();

        // each came first and filled the entry then served for the address below it
        http.get().uri("/insights?category=null&tag=null").exchange().expectStatus().isNotFound();
        http.get().uri("/api/insights?category=null&caseRef=null&tag=null").exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
        http.get().uri("/insights/search?q=postgresql&category=null").exchange().expectStatus().isOk();
        http.get().uri("/api/search?q=postgresql&category=null").exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
        http.get().uri("/api/search?q=x&category=Debugging|10").exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);

        http.get().uri("/insights").exchange().expectBody(String.class)
                .value(page -> assertThat(page).doesNotContain("null · tagged null").contains("class=\"card\""));
        http.get().uri("/api/insights").exchange().expectBody().jsonPath("$.items.length()").isEqualTo(9);
        http.get().uri("/insights/search?q=postgresql").exchange().expectBody(String.class)
                .value(page -> assertThat(page).contains("/insights/" + SLUG));
        http.get().uri("/api/search?q=postgresql").exchange().expectBody().jsonPath("$.items").isNotEmpty();
        http.get().uri("/api/search?q=10|x&category=Debugging").exchange().expectStatus().isOk();
    }

    @Test
    void changeNotifiedByAnyReplicaEmptiesThisReplicasCache() {
        http.get().uri("/api/insights/" + SLUG).exchange().expectBody().jsonPath("$.title").isEqualTo(
                "UPDATE with subquery and LIMIT: When the daemon spins in place");
        database.sql("update insight set title = 'Changed by another replica' where slug = :slug").bind("slug", SLUG)
                .then().block();
        http.get().uri("/api/insights/" + SLUG).exchange().expectBody().jsonPath("$.title").isEqualTo(
                "UPDATE with subquery and LIMIT: When the daemon spins in place");

        database.sql("select pg_notify('insight_changed', :slug)").bind("slug", SLUG).then()
                .as(transaction::transactional).block();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> http.get().uri("/api/insights/" + SLUG).exchange()
                .expectBody().jsonPath("$.title").isEqualTo("Changed by another replica"));
    }

    @Test
    void notifiedSlugIsReloadedWithTheListingWhileAnUnchangedArticleStaysCached() {
        warm("/insights/" + UNRELATED, "/api/insights/" + SLUG, "/insights/" + OTHER, "/api/insights/" + OTHER,
                "/insights", "/api/insights?limit=3");

        notifyChange(OTHER);

        assertThat(statements(FIND, "/insights/" + UNRELATED, "/api/insights/" + SLUG)).isZero();
        assertThat(statements(FIND, "/insights/" + OTHER, "/api/insights/" + OTHER)).isEqualTo(2);
        assertThat(statements(LISTING, "/insights", "/api/insights?limit=3")).isEqualTo(2);
    }

    @Test
    void publishingOneInsightThroughThePipelineLeavesOtherArticlesCached() {
        warm("/insights/" + UNRELATED, "/insights/" + OTHER, "/insights");

        pipeline.publishAndAwait(RenderedEvents.rendered(Seed.bySlug(OTHER).withTitle("Commit first, then wait")));

        assertThat(statements(FIND, "/insights/" + UNRELATED)).isZero();
        http.get().uri("/insights/" + OTHER).exchange().expectBody(String.class)
                .value(page -> assertThat(page).contains("Commit first, then wait"));
        http.get().uri("/insights").exchange().expectBody(String.class)
                .value(page -> assertThat(page).contains("Commit first, then wait"));
    }

    @Test
    void aRemovalOfASlugNeverLiveLeavesTheListingCached() {
        warm("/insights", "/api/insights?limit=3");
        long received = changes.received();

        // a DELETE of a mistyped slug: its address answered 404 before and does after
        pipeline.publishAndAwait(RenderedEvents.removed("never-live-" + UUID.randomUUID()));

        assertThat(statements(LISTING, "/insights", "/api/insights?limit=3")).isZero();
        // notices arrive in the order their transactions committed: one the projector sent comes before this one
        notifyChange("no-page-of-this-test");
        assertThat(changes.received()).isEqualTo(received + 1);
    }

    @Test
    void aBatchTooLargeForOneNotificationStillLeavesOtherArticlesCached() {
        // 400 slugs of ~70 characters: ~28 KB of names, several times what one notification holds
        String run = Long.toString(System.nanoTime(), 36);
        Seed template = Seed.bySlug(SLUG);
        List<InsightRendered> batch = IntStream.range(0, 400).mapToObj(i -> RenderedEvents.rendered(new Seed(
                "a-large-batch-that-needs-more-than-one-notification-" + run + "-" + i, "Batch insight " + i,
                template.summary(), template.category(), template.publishedAt(), template.readingMinutes(), null,
                List.of(), template.body(), template.language()))).toList();
        warm("/insights/" + UNRELATED, "/insights");
        MessageListenerContainer projector = listeners.getListenerContainer(Topics.PROJECTOR_GROUP);

        long received = changes.received();
        try (var notifications = ChangeNotifications.listen(r2dbc)) {
            // sent while the projector is stopped, so that its polls hold hundreds of records each
            projector.stop();
            try {
                batch.forEach(pipeline::send);
            } finally {
                projector.start();
            }
            pipeline.awaitCaughtUp();
            await().atMost(Duration.ofSeconds(10)).until(() -> notifications.payloads().stream()
                    .flatMap(payload -> Arrays.stream(payload.split(" "))).collect(Collectors.toSet())
                    .containsAll(batch.stream().map(InsightRendered::slug).toList()));
            // and this replica has dropped what they name
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> changes.received() - received >= notifications.payloads().size());

            assertThat(notifications.payloads()).doesNotContain("*").allSatisfy(payload ->
                    assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(7_900));
            assertThat(statements(FIND, "/insights/" + UNRELATED)).isZero();
            assertThat(statements(LISTING, "/insights")).isEqualTo(1);
        } finally {
            pipeline.publishAndAwait(batch.stream().map(event -> RenderedEvents.removed(event.slug())).toList());
        }
    }

    @Test
    void multiSlugNotificationReloadsEachNamedSlugOnce() {
        warm("/insights/" + SLUG, "/insights/" + OTHER, "/insights/" + THIRD);

        // THIRD shares no case or tag with either; SLUG and OTHER share a tag, and each is dropped once
        notifyChange(SLUG + " " + OTHER);

        assertThat(statements(FIND, "/insights/" + SLUG, "/insights/" + SLUG)).isEqualTo(1);
        assertThat(statements(FIND, "/insights/" + OTHER, "/insights/" + OTHER)).isEqualTo(1);
        assertThat(statements(FIND, "/insights/" + THIRD)).isZero();
    }

    @Test
    void everythingChangedEmptiesTheCache() {
        warm("/insights/" + SLUG, "/insights/" + OTHER, "/insights", "/insights/feed.xml");

        notifyChange("*");

        assertThat(cache.size()).isZero();
        assertThat(statements(FIND, "/insights/" + SLUG, "/insights/" + OTHER)).isEqualTo(2);
    }

    @Test
    void listeningAgainAfterTheConnectionBrokeEmptiesTheCache() {
        warm("/insights/" + SLUG, "/insights");
        long sessions = changes.sessions();

        // the replica's own: its last statement may be a check rather than the LISTEN
        Long terminated = database.sql("select count(pg_terminate_backend(pid)) from pg_stat_activity"
                        + " where application_name = :name").bind("name", InsightChanges.APPLICATION_NAME)
                .map(row -> row.get(0, Long.class)).one().block();

        assertThat(terminated).isPositive();
        await().atMost(Duration.ofSeconds(15)).until(() -> changes.sessions() > sessions && changes.listening());
        assertThat(statements(FIND, "/insights/" + SLUG)).isEqualTo(1);
        assertThat(statements(LISTING, "/insights")).isEqualTo(1);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aListeningConnectionThatStopsAnsweringWithoutClosingIsReplacedAndTheCacheEmptied(CapturedOutput output)
            throws Exception {
        // a replica of its own, listening through a proxy that can stall its connection as an idle timeout does
        ConnectionFactoryOptions direct = r2dbc.getConnectionFactoryOptions();
        try (var proxy = new StallingProxy((String) direct.getRequiredValue(ConnectionFactoryOptions.HOST),
                (Integer) direct.getRequiredValue(ConnectionFactoryOptions.PORT))) {
            ConnectionFactoryOptions proxied = ConnectionFactoryOptions.builder().from(direct)
                    .option(ConnectionFactoryOptions.HOST, "127.0.0.1")
                    .option(ConnectionFactoryOptions.PORT, proxy.port()).build();
            var settings = new CacheSettings(100, DataSize.ofMegabytes(1), Duration.ofMinutes(10),
                    Duration.ofMillis(100), Duration.ofMillis(500));
            var replicaCache = new ResponseCache(settings, new SimpleMeterRegistry(), databaseUnavailable);
            var replica = new InsightChanges(() -> proxied, replicaCache, settings);
            replica.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(replica::listening);
                replicaCache.get(CacheKey.manyInsights("listing"), () -> Mono.just("cached")).block();

                proxy.stallOpenConnections();
                notifyChange(SLUG); // lost to the stalled connection: the replica's listing would stay as it was

                await().atMost(Duration.ofSeconds(15)).until(() -> replica.sessions() > 1 && replica.listening());
                assertThat(replicaCache.size()).isZero();
                assertThat(output.getOut()).contains("the listening connection did not answer within PT0.5S");
                long received = replica.received();
                notifyChange(SLUG);
                await().atMost(Duration.ofSeconds(5)).until(() -> replica.received() > received);
            } finally {
                replica.stop();
            }
        }
    }

    /** Requests each path once, so that its response is cached. */
    private void warm(String... paths) {
        for (String path : paths) {
            http.get().uri(path).exchange().expectStatus().isOk();
        }
    }

    /** Notifies as the projector does after a batch, and waits until this replica has dropped what it affects. */
    private void notifyChange(String payload) {
        // this payload's own count: a late notification of an earlier test's batch would satisfy a wait on any
        long received = changes.received(payload);
        database.sql("select pg_notify(:channel, :payload)").bind("channel", InsightChanges.CHANNEL)
                .bind("payload", payload).then().as(transaction::transactional).block();
        await().atMost(Duration.ofSeconds(5)).until(() -> changes.received(payload) > received);
    }

    /** How many executed statements contain the fragment while the paths are requested one after another. */
    private long statements(String fragment, String... paths) {
        queries.reset();
        for (String path : paths) {
            http.get().uri(path).exchange().expectStatus().isOk();
        }
        return queries.count(fragment);
    }
}
