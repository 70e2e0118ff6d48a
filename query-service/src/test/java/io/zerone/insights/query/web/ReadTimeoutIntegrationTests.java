package io.zerone.insights.query.web;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.r2dbc.spi.ConnectionFactory;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.TableLock;
import io.zerone.insights.query.TestPipeline;
import io.zerone.insights.query.cache.ResponseCache;

/**
 * Every read that outlasts the statement timeout ({@code query.read.statement-timeout}) is a 503 with Retry-After:
 * the pages answer with the site's error page, the rest with a problem. Before, the article page, the feeds and the
 * sitemap, which map no timeout of their own, answered 500. The listings (HTML and JSON, by category and by tag)
 * are asked too: their reads pass through the cache, whose mapping they rely on.
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
        String generation = pipeline.activeGeneration();
        // the insights and the tag listing: the kept counters stay readable, so each read below gets past them
        try (TableLock locked = TableLock.exclusive(connections,
                generation + ".insight, " + generation + ".insight_tag")) {
            cache.invalidateAll();
            WebTestClient patient = http.mutate().responseTimeout(Duration.ofSeconds(20)).build();

            for (String page : new String[] {"/insights/" + SLUG, "/insights", "/insights/categories/data-engineering",
                    "/insights/tags/postgresql", "/insights?category=Debugging&tag=postgresql"}) {
                patient.get().uri(page).exchange()
                        .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                        .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
            }
            for (String path : new String[] {"/insights/feed.xml", "/sitemap.xml", "/api/insights/" + SLUG,
                    "/api/insights", "/api/insights?category=Data Engineering&tag=postgresql"}) {
                patient.get().uri(path).exchange()
                        .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                        .expectHeader().contentType("application/problem+json")
                        .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1");
            }
        }
        // and once the lock is gone, the same reads answer again
        http.get().uri("/insights/" + SLUG).exchange().expectStatus().isOk();
        http.get().uri("/insights/feed.xml").exchange().expectStatus().isOk();
        http.get().uri("/insights/tags/postgresql").exchange().expectStatus().isOk();
    }
}
