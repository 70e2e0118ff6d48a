package io.zerone.insights.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.events.InsightMetadata;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.InsightRemoved;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.InsightUnpublished;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.SeedEvents;

/** What the service makes of published and unpublished insights, and what it serves. */
class RenderingIntegrationTests extends RealBrokerTest {

    @Test
    void runsWithItsOwnConfigurationFile() {
        assertThat(environment.getProperty("spring.application.name")).isEqualTo("render-service");
        assertThat(environment.getProperty("spring.kafka.producer.transaction-id-prefix")).startsWith("render-service-");
        assertThat(environment.getProperty("spring.kafka.consumer.isolation-level")).isEqualTo("read-committed");
    }

    @Test
    void servesHealthProbesAndPrometheusMetrics() throws Exception {
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> readiness = http.send(get("/actuator/health/readiness"), BodyHandlers.ofString());
        HttpResponse<String> liveness = http.send(get("/actuator/health/liveness"), BodyHandlers.ofString());
        HttpResponse<String> metrics = http.send(get("/actuator/prometheus"), BodyHandlers.ofString());

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("UP");
        assertThat(metrics.body()).contains("application=\"render-service\"");
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();
    }

    @Test
    void nineSeedInsightsGiveNineRenderedInsights() throws Exception {
        List<InsightPublished> seeds = SeedEvents.load("-" + run);

        for (InsightPublished seed : seeds) {
            send(codec.toRecord(Topics.INSIGHT_EVENTS, seed));
        }

        Set<String> slugs = seeds.stream().map(InsightPublished::slug).collect(Collectors.toSet());
        awaitRendered(InsightRendered.class, r -> slugs.contains(r.slug()), 9);
        // nine, not more: a copy that comes late is counted too
        List<InsightRendered> rendered = renderedBeforeALaterRecord(EVERY_PARTITION, slugs::contains).stream()
                .map(this::decode).map(InsightRendered.class::cast).toList();
        assertThat(rendered).extracting(InsightRendered::slug).containsExactlyInAnyOrderElementsOf(slugs);
        assertThat(rendered).allSatisfy(r -> {
            assertThat(r.pageHtml()).startsWith("<!DOCTYPE html>").contains("<h1>");
            assertThat(r.cardHtml()).contains("/insights/" + r.slug());
            assertThat(r.contentHash()).startsWith("sha256-");
        });
    }

    @Test
    void insightWhoseRenderingExceedsAMebibyteIsStillRendered() throws Exception {
        InsightPublished seed = SeedEvents.load("-long-" + run).get(5);
        String body = (seed.body() + "\n\n").repeat(700 * 1024 / seed.body().length());
        InsightMetadata insight = seed.insight();
        InsightPublished longOne = new InsightPublished(seed.eventId(), seed.occurredAt(), seed.source(),
                new InsightMetadata(insight.slug(), insight.title(), insight.summary(), insight.category(),
                        insight.publishedAt(), 60, insight.caseRef(), insight.tags(), insight.language()),
                body);

        send(codec.toRecord(Topics.INSIGHT_EVENTS, longOne));

        InsightRendered rendered = awaitRendered(InsightRendered.class, r -> r.slug().equals(longOne.slug()), 1).get(0);
        assertThat(rendered.pageHtml().length() + rendered.searchDocument().bodyText().length()).isGreaterThan(1024 * 1024);
    }

    @Test
    void unpublishGivesInsightRemovedAfterTheRenderedRevision() throws Exception {
        InsightPublished published = SeedEvents.load("-unpublished-" + run).get(2);
        InsightUnpublished unpublished =
                new InsightUnpublished(UUID.randomUUID(), Instant.now(), "test", published.slug(), "retracted");

        send(codec.toRecord(Topics.INSIGHT_EVENTS, published));
        send(codec.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) unpublished));

        InsightRemoved removed = awaitRendered(InsightRemoved.class, r -> r.slug().equals(published.slug()), 1).get(0);
        InsightRendered rendered = awaitRendered(InsightRendered.class, r -> r.slug().equals(published.slug()), 1).get(0);
        assertThat(removed.sourceEventId()).isEqualTo(unpublished.eventId());
        assertThat(removed.reason()).isEqualTo("retracted");
        assertThat(removed.revision().isNewerThan(rendered.revision())).isTrue();
    }
}
