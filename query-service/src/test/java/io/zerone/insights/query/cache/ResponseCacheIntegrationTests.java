package io.zerone.insights.query.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;

import io.zerone.insights.query.QueryCounter;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.TestPipeline;
import reactor.core.publisher.Flux;

@QueryServiceIntegrationTest
class ResponseCacheIntegrationTests {

    private static final String SLUG = "update-with-subquery-and-limit";

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
}
