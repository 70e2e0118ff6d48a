package io.zerone.insights.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.Topics;
import io.zerone.insights.testsupport.openapi.ValidatedAgainst;
import io.zerone.insights.testsupport.RestartablePostgres;
import io.zerone.insights.testsupport.WithKafka;

/**
 * PostgreSQL stopped under a running query-service and started again on the same data: meanwhile the cache serves
 * what it holds however old it grows (stale-if-error), an uncached read gets 503 with Retry-After (problem+json, or
 * the site's 503 page for a page), readiness is down and the projector keeps retrying what arrives; afterwards
 * everything recovers by itself and nothing published during the outage is lost. The database is the test's own, so it can stop it; the projector
 * shares its group with other test classes' services, so the test publishes only slugs of partitions this one holds,
 * and unpublishes them at its end for the others, which may project them into the shared database later.
 */
@SpringBootTest(classes = {QueryServiceApplication.class, TestPipeline.class}, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + QueryServiceApplication.CONFIG_NAME,
                "insights.pipeline.retry.dead-letter-after=1s", "query.cache.expire-after-write=2s"})
@ValidatedAgainst(QueryApi.DESCRIPTION)
@AutoConfigureWebTestClient(timeout = "30s")
@WithKafka
@DirtiesContext
class DatabaseOutageIntegrationTests {

    private static final RestartablePostgres postgres = RestartablePostgres.started();

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        postgres.database().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterAll
    static void stopDatabase() {
        postgres.close();
    }

    /** Slugs this test published, unpublished at its end: other test classes' projectors may apply them later. */
    private final List<String> published = new ArrayList<>();

    @AfterEach
    void unpublish() {
        published.forEach(slug -> pipeline.send(RenderedEvents.removed(slug)));
    }

    @Autowired
    WebTestClient http;

    @Autowired
    TestPipeline pipeline;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void servesWhatItCachedAnswers503ForTheRestAndRecoversEverythingWhenTheDatabaseIsBack() {
        InsightRendered cached = rendered("cached");
        pipeline.publishAndAwait(cached);
        byte[] cachedBody = json("/api/insights/" + cached.slug());

        postgres.stop();
        InsightRendered duringOutage = rendered("during-outage");
        pipeline.send(duringOutage);

        // longer than expire-after-write: held entries do not expire while the database is away
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                http.get().uri("/api/insights/" + cached.slug()).exchange()
                        .expectStatus().isOk()
                        .expectBody(byte[].class).isEqualTo(cachedBody));
        http.get().uri("/api/insights/" + duringOutage.slug()).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(503);
        // a page answers with the site's 503 page: problem+json would show in a browser as raw text
        for (String page : List.of("/insights/" + duringOutage.slug(), "/insights/search?q=outage",
                "/insights/tags/outage", "/cases/99",
                // the old address of a category, which reads the categories outside the cache to redirect
                "/insights?category=" + Seed.all().get(0).category(), "/preview/" + "p".repeat(43))) {
            http.get().uri(page).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
                    .expectHeader().contentType("text/html;charset=UTF-8")
                    .expectBody(String.class).value(html -> assertThat(html).contains("cannot be read just now"));
        }
        // a preview is nobody's to keep, even its error page
        http.get().uri("/preview/" + "p".repeat(43)).exchange()
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-store");
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);

        postgres.start();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk());
        // retried past dead-letter-after without giving up: applied once the database is back, never dead-lettered
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                http.get().uri("/api/insights/" + duringOutage.slug()).exchange().expectStatus().isOk());
        http.get().uri("/api/insights/" + cached.slug()).exchange().expectStatus().isOk();
        assertThat(pipeline.appliedOffset(duringOutage.slug())).isEqualTo(duringOutage.revision().offset());
    }

    private byte[] json(String uri) {
        return http.get().uri(uri).exchange().expectStatus().isOk().expectBody(byte[].class).returnResult()
                .getResponseBody();
    }

    /** An insight whose slug goes to a partition of insight-rendered this service's projector holds. */
    private InsightRendered rendered(String name) {
        Set<Integer> held = await().atMost(Duration.ofSeconds(30)).until(() -> listeners
                .getListenerContainer(Topics.PROJECTOR_GROUP).getAssignedPartitions().stream()
                .map(TopicPartition::partition).collect(Collectors.toSet()), partitions -> !partitions.isEmpty());
        String slug;
        do {
            slug = "outage-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        } while (!held.contains(Utils.toPositive(Utils.murmur2(slug.getBytes(StandardCharsets.UTF_8)))
                % Topics.DEFAULT_PARTITIONS));
        published.add(slug);
        return RenderedEvents.rendered(Seed.all().get(0).withSlug(slug));
    }
}
