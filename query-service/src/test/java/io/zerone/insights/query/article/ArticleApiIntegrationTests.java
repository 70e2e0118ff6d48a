package io.zerone.insights.query.article;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import io.zerone.insights.query.QueryCounter;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.TableLock;
import io.zerone.insights.query.TestPipeline;
import io.zerone.insights.query.cache.ResponseCache;

@QueryServiceIntegrationTest
class ArticleApiIntegrationTests {

    @Autowired
    TestPipeline pipeline;

    @Autowired
    WebTestClient http;

    @Autowired
    ConnectionFactory connections;

    @Autowired
    ResponseCache cache;

    @Autowired
    QueryCounter queries;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
    }

    @Test
    void requestsThatMissTheCacheTogetherShareStatementsAndEachGetsItsOwnInsight() throws Exception {
        pipeline.awaitCaughtUp();
        List<String> slugs = Seed.all().stream().map(Seed::slug).toList();
        ThreadPoolExecutor clients = (ThreadPoolExecutor) Executors.newFixedThreadPool(slugs.size() * 2);
        clients.prestartAllCoreThreads();
        http.get().uri("/api/insights/" + slugs.get(0)).exchange().expectStatus().isOk();
        TableLock locked = TableLock.exclusive(connections, pipeline.activeGeneration() + ".insight");
        try {
            cache.invalidateAll();
            queries.reset();
            double gets = cacheGets();
            // each slug twice: the two requests share one load in the cache, so nine lookups
            List<Future<String>> titles = new ArrayList<>();
            for (String slug : slugs) {
                for (int i = 0; i < 2; i++) {
                    titles.add(clients.submit(() -> http.get().uri("/api/insights/" + slug).exchange()
                            .expectStatus().isOk()
                            .expectBody(ArticleItem.class).returnResult().getResponseBody().title()));
                }
            }
            // the first two lookups' statements wait behind the lock (within the statement timeout), the seven
            // others in the service
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> cacheGets() - gets == slugs.size() * 2 && waitingLookups() == 2);
            locked.close();
            locked = null;
            for (int i = 0; i < titles.size(); i++) {
                assertThat(titles.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(Seed.all().get(i / 2).title());
            }
        } finally {
            if (locked != null) {
                locked.close();
            }
            clients.shutdownNow();
        }
        // one alone for each of the two that ran first, then the seven that waited in one
        assertThat(queries.count("slug = any(")).isEqualTo(3);
    }

    private double cacheGets() {
        return meters.get("cache.gets").tag("cache", "query.responses").functionCounters().stream()
                .mapToDouble(FunctionCounter::count).sum();
    }

    private long waitingLookups() {
        return pipeline.database().sql("select count(*) as n from pg_stat_activity"
                        + " where wait_event_type = 'Lock' and query like '%slug = any' || '(%'")
                .map(row -> row.get("n", Long.class)).one().block();
    }

    @Test
    void oneInsightComesWithItsBodyHtml() {
        http.get().uri("/api/insights/commit-before-async-io").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.title").isEqualTo(Seed.bySlug("commit-before-async-io").title())
                .jsonPath("$.bodyHtml").value(body -> assertThat((String) body).contains("PgBouncer")
                        .doesNotContain("<html").doesNotContain("<h1>"));
    }

    @Test
    void aSlugWithCapitalsIsMovedPermanentlyToItsLowercaseAddressWithItsQuery() {
        http.get().uri("/api/insights/Commit-Before-Async-IO?from=elsewhere").exchange()
                .expectStatus().isEqualTo(301)
                .expectHeader().location("/api/insights/commit-before-async-io?from=elsewhere");
        // whether anything is published there is the lowercase address's answer
        http.get().uri("/api/insights/UPPER").exchange()
                .expectStatus().isEqualTo(301).expectHeader().location("/api/insights/upper");
        http.get().uri("/api/insights/upper").exchange().expectStatus().isNotFound();
    }

    @Test
    void unknownSlugIsANotFoundProblem() {
        // no slug in lowercase either: no redirect
        for (String slug : List.of("no-such-insight", "Not_A_Slug", "Two--Dashes", "\u212Aelvin")) {
            http.get().uri("/api/insights/" + slug).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType("application/problem+json")
                    .expectBody().jsonPath("$.status").isEqualTo(404);
        }
        http.get().uri("/api/nothing-here").exchange().expectStatus().isNotFound()
                .expectHeader().contentType("application/problem+json");
    }
}
