package io.zerone.insights.query.web;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.TestPipeline;
import io.zerone.insights.query.cache.ResponseCache;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every read that outlasts the statement timeout ({@code query.read.statement-timeout}) is a 503 with Retry-After:
 * the pages answer with the site's error page, the rest with a problem. Before, the article page, the feeds and the
 * sitemap, which map no timeout of their own, answered 500.
 */
@QueryServiceIntegrationTest
class ReadTimeoutIntegrationTests {

    private static final String SLUG = "update-with-subquery-and-limit";

    @Autowired
    TestPipeline pipeline;

    @Autowired
    ConnectionFactory connections;

    @Autowired
    ResponseCache cache;

    @Autowired
    WebTestClient http;

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
        pipeline.awaitCaughtUp();
    }

    @Test
    void everyReadThatOutlastsTheStatementTimeoutIsAServiceUnavailableNeverAServerError() {
        Connection locker = Mono.from(connections.create()).block();
        try {
            Mono.from(locker.beginTransaction()).block();
            // a statement stuck behind a lock is as slow as a pathological plan, and easier to make on purpose
            Flux.from(locker.createStatement("lock table " + pipeline.activeGeneration()
                    + ".insight in access exclusive mode").execute()).flatMap(Result::getRowsUpdated).blockLast();
            cache.invalidateAll();
            WebTestClient patient = http.mutate().responseTimeout(Duration.ofSeconds(20)).build();

            patient.get().uri("/insights/" + SLUG).exchange()
                    .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
            for (String path : new String[] {"/insights/feed.xml", "/sitemap.xml", "/api/insights/" + SLUG}) {
                patient.get().uri(path).exchange()
                        .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                        .expectHeader().contentType("application/problem+json")
                        .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1");
            }
        } finally {
            Mono.from(locker.rollbackTransaction()).block();
            Mono.from(locker.close()).block();
        }
        // and once the lock is gone, the same reads answer again
        http.get().uri("/insights/" + SLUG).exchange().expectStatus().isOk();
        http.get().uri("/insights/feed.xml").exchange().expectStatus().isOk();
    }
}
