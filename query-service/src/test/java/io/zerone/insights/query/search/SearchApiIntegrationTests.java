package io.zerone.insights.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import com.jayway.jsonpath.JsonPath;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.TableLock;
import io.zerone.insights.query.TestPipeline;
import io.zerone.insights.query.cache.ResponseCache;
import reactor.core.publisher.Mono;

@QueryServiceIntegrationTest
class SearchApiIntegrationTests {

    @Autowired
    TestPipeline pipeline;

    @Autowired
    WebTestClient http;

    @Autowired
    ConnectionFactory connections;

    @Autowired
    R2dbcConnectionDetails r2dbc;

    @Autowired
    ResponseCache cache;

    @LocalServerPort
    int port;

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
    }

    @Test
    void titleMatchRanksAboveBodyMatch() {
        http.get().uri("/api/search?q=cache").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[0].slug").isEqualTo("cache-without-a-lock-thundering-herd")
                .jsonPath("$.fuzzy").isEqualTo(false);
    }

    @Test
    void aNegatedWordFiltersTheMatchesButKeepsTheirRanking() {
        List<String> ranked = slugs("cache");

        // a negation used to rank every match alike (ts_rank of a query with a NOT), so newest came first
        assertThat(slugs("cache -redis")).isEqualTo(ranked).startsWith("cache-without-a-lock-thundering-herd");
        assertThat(slugs("cache -herd")).isEqualTo(ranked.stream()
                .filter(slug -> !slug.equals("cache-without-a-lock-thundering-herd")).toList()).isNotEmpty();
    }

    @Test
    void theInsightTitledAsTheQueryRanksFirst() {
        InsightRendered titled = SearchedInsights.insight("connection-pooling", "Connection pooling",
                "What a pool is for, and what it costs.", "Infrastructure", "A pool keeps connections open.", 2);
        InsightRendered repeating = SearchedInsights.insight("why-connection-pooling-hides-slow-queries",
                "Why connection pooling hides slow queries", "Connection pooling hides slow queries as waiting.",
                "Infrastructure", "Connection pooling queues requests. ".repeat(6)
                        + "With connection pooling, a slow query holds a connection longer.", 1);

        try (var published = SearchedInsights.publish(pipeline, titled, repeating)) {
            assertThat(slugs("connection pooling")).startsWith(titled.slug(), repeating.slug());
            assertThat(slugs("\"connection pooling\"")).startsWith(titled.slug(), repeating.slug());
        }
    }

    @Test
    void snippetHighlightsOnlyTheMatchedWordsAndEscapesTheText() {
        http.get().uri("/api/search?q=pgbouncer").exchange()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].snippet").value(snippet -> assertThat((String) snippet)
                        .contains("<mark>PgBouncer</mark>").doesNotContain("<mark></mark>"));
    }

    @Test
    void quotedPhraseExclusionAndOrFollowWebSearchSyntax() {
        http.get().uri("/api/search?q=\"expression index\"").exchange()
                .expectBody().jsonPath("$.items[*].slug").isEqualTo(List.of("expression-index-ignored-coalesce"));
        http.get().uri("/api/search?q=postgresql -pgbouncer").exchange()
                .expectBody().jsonPath("$.items[?(@.slug == 'commit-before-async-io')]").isEmpty()
                .jsonPath("$.items.length()").isEqualTo(3);
        http.get().uri("/api/search?q=webshop or pgbouncer").exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(2);
    }

    @Test
    void misspelledWordIsCorrectedFromTheVocabularyAndTheSuggestionSearched() {
        http.get().uri("/api/search?q=thundring herd").exchange()
                .expectBody()
                .jsonPath("$.fuzzy").isEqualTo(true)
                .jsonPath("$.suggestion").isEqualTo("thundering herd")
                .jsonPath("$.items[0].slug").isEqualTo("cache-without-a-lock-thundering-herd");
    }

    @Test
    void aSwappedPairOfLettersIsCorrectedThoughItSharesFewTrigrams() {
        http.get().uri("/api/search?q=cahce").exchange()
                .expectBody()
                .jsonPath("$.suggestion").isEqualTo("cache")
                .jsonPath("$.items[*].slug").value(slugs -> assertThat((List<Object>) slugs)
                        .contains("cache-without-a-lock-thundering-herd"));
    }

    @Test
    void aWordOnlyAnUnpublishedInsightHadIsNeverSuggested() {
        Seed retracted = new Seed("retracted-zanzibarite-memo", "Layoffs memo zanzibarite restructuring",
                "Confidential until it was taken down.", "Debugging", Instant.parse("2026-01-05T10:00:00Z"), 3, null,
                List.of(), "Withdrawn.", "en");
        pipeline.publishAndAwait(RenderedEvents.rendered(retracted));
        http.get().uri("/api/search?q=zanzibrite").exchange()
                .expectBody().jsonPath("$.suggestion").isEqualTo("zanzibarite");

        pipeline.publishAndAwait(RenderedEvents.removed(retracted.slug()));

        // the vocabulary keeps every word it was given; a misspelt common word beside it made the corrected search
        // find something, so the suggestion told anyone what the withdrawn title said
        http.get().uri("/api/search?q=zanzibrite or cahce").exchange()
                .expectBody()
                .jsonPath("$.suggestion").isEqualTo("zanzibrite or cache");
    }

    @Test
    void wordsThatMatchNothingAndResembleNothingGetNoSuggestion() {
        http.get().uri("/api/search?q=xylophonq").exchange()
                .expectBody()
                .jsonPath("$.suggestion").doesNotExist()
                .jsonPath("$.items.length()").isEqualTo(0)
                .jsonPath("$.total.count").isEqualTo(0);
    }

    @Test
    void matchesInTheTitleAreMarkedToo() {
        http.get().uri("/api/search?q=thundering herd").exchange()
                .expectBody()
                .jsonPath("$.items[0].slug").isEqualTo("cache-without-a-lock-thundering-herd")
                .jsonPath("$.items[0].titleHtml").value(title -> assertThat((String) title)
                        .contains("is <mark>thundering</mark> <mark>herd</mark>:"))
                .jsonPath("$.items[0].title").value(title -> assertThat((String) title).doesNotContain("<mark>"));
    }

    @Test
    void facetsCountMatchesPerCategoryWhatEverTheCategoryFilter() {
        http.get().uri("/api/search?q=postgresql&category=Debugging").exchange()
                .expectBody()
                .jsonPath("$.items[*].category").isEqualTo(List.of("Debugging"))
                .jsonPath("$.facets[?(@.category == 'Data Engineering')].count").isEqualTo(List.of(3))
                .jsonPath("$.facets[?(@.category == 'Debugging')].count").isEqualTo(List.of(1));
    }

    @Test
    void categoryWithoutMatchesStillShowsWhereTheMatchesAre() {
        http.get().uri("/api/search?q=postgresql&category=Infrastructure").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(0)
                .jsonPath("$.total.count").isEqualTo(0)
                .jsonPath("$.fuzzy").isEqualTo(false)
                .jsonPath("$.facets[?(@.category == 'Data Engineering')].count").isEqualTo(List.of(3));
    }

    @Test
    void totalCountsTheMatchesInTheCategorySearchedAndInAllWithoutOne() {
        http.get().uri("/api/search?q=postgresql&category=Data Engineering&limit=1").exchange()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.total.count").isEqualTo(3)
                .jsonPath("$.total.capped").isEqualTo(false);
        http.get().uri("/api/search?q=postgresql&limit=1").exchange()
                .expectBody()
                .jsonPath("$.total.count").isEqualTo(4);
    }

    @Test
    void searchThatOutlastsTheStatementTimeoutIsAServiceUnavailableProblemNotAStuckRequest() {
        try (TableLock locked = TableLock.exclusive(connections, pipeline.activeGeneration() + ".insight_search")) {
            http.mutate().responseTimeout(Duration.ofSeconds(20)).build()
                    .get().uri("/api/search?q=locked" + System.nanoTime()).exchange()
                    .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectHeader().contentType("application/problem+json")
                    .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1");
            http.mutate().responseTimeout(Duration.ofSeconds(20)).build()
                    .get().uri("/insights/search?q=locked" + System.nanoTime()).exchange()
                    .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
        }
    }

    @Test
    void aBurstOfSearchesStuckInTheDatabaseLeavesConnectionsForTheReadsThatMissTheCache() {
        WebClient client = WebClient.create("http://localhost:" + port);
        ConnectionFactory direct = ConnectionFactories.get(r2dbc.getConnectionFactoryOptions());
        try (TableLock locked = TableLock.exclusive(connections, pipeline.activeGeneration() + ".insight_search")) {
            // ten at once, each stuck behind the lock until its statement timeout; the pool holds ten connections
            List<CompletableFuture<HttpStatusCode>> searches = IntStream.range(0, 10)
                    .mapToObj(i -> client.get().uri("/api/search?q=burst" + i + "x" + System.nanoTime())
                            .exchangeToMono(response -> Mono.just(response.statusCode())).toFuture())
                    .toList();
            AtomicLong mostStuck = new AtomicLong();
            await("searches stuck in the database").atMost(Duration.ofSeconds(10))
                    .until(() -> mostStuck.accumulateAndGet(stuckSearches(direct), Math::max) >= 4);

            cache.invalidateAll();
            http.get().uri("/api/insights/" + Seed.all().get(0).slug()).exchange().expectStatus().isOk();

            await("every search answered").atMost(Duration.ofSeconds(30)).until(() -> {
                mostStuck.accumulateAndGet(stuckSearches(direct), Math::max);
                return searches.stream().allMatch(CompletableFuture::isDone);
            });
            // as many as the searches' turns (query.search.concurrency), never the whole pool; the others answered
            // 503 with Retry-After too, without taking a connection
            assertThat(mostStuck).hasValue(4);
            assertThat(searches).extracting(CompletableFuture::join).containsOnly(HttpStatus.SERVICE_UNAVAILABLE);
        }
    }

    /** Searches waiting for the lock on insight_search now, seen from a connection outside the service's pool. */
    private static long stuckSearches(ConnectionFactory direct) {
        return Mono.usingWhen(direct.create(), connection -> Mono.from(connection.createStatement(
                        "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                                + " and query like '%insight_search%' and pid <> pg_backend_pid()").execute())
                        .flatMap(result -> Mono.from(result.map((row, metadata) -> row.get(0, Long.class)))),
                Connection::close).block();
    }

    private List<String> slugs(String query) {
        String body = http.get().uri(uri -> uri.path("/api/search").queryParam("q", "{q}").build(query)).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return JsonPath.read(body, "$.items[*].slug");
    }

    @Test
    void emptyOrOverlongQueryIsABadRequestProblem() {
        for (String q : List.of("", "   ", "x".repeat(201))) {
            http.get().uri(uri -> uri.path("/api/search").queryParam("q", "{q}").build(q)).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType("application/problem+json");
        }
        http.get().uri("/api/search").exchange().expectStatus().isBadRequest();
        http.get().uri(uri -> uri.path("/api/search").queryParam("q", "{q}").build("word ".repeat(25))).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType("application/problem+json");
        http.get().uri("/api/search?q=cache&limit=51").exchange().expectStatus().isBadRequest();
    }
}
