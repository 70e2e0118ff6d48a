package io.zerone.insights.query.search;

import java.time.Instant;
import java.util.List;

import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.SearchDocument;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.TestPipeline;

/**
 * Insights a search test publishes beside the seed and takes down again when closed, so that the other test classes
 * of the shared context search the seed alone. The body is given as the plain text render-service indexes, with the
 * characters an author wrote ({@code <}, {@code >}) left in it.
 */
final class SearchedInsights implements AutoCloseable {

    private final TestPipeline pipeline;
    private final List<InsightRendered> events;

    private SearchedInsights(TestPipeline pipeline, List<InsightRendered> events) {
        this.pipeline = pipeline;
        this.events = events;
    }

    static SearchedInsights publish(TestPipeline pipeline, InsightRendered... events) {
        pipeline.publishAndAwait(List.of(events));
        return new SearchedInsights(pipeline, List.of(events));
    }

    /** An insight of the given texts, published {@code hoursAgo} before the seed's newest (2026-06-05). */
    static InsightRendered insight(String slug, String title, String summary, String category, String bodyText,
            int hoursAgo) {
        Seed seed = new Seed(slug, title, summary, category,
                Instant.parse("2026-06-05T09:00:00Z").minusSeconds(3600L * hoursAgo), 3, null, List.of(), bodyText,
                "en");
        InsightRendered event = RenderedEvents.rendered(seed);
        SearchDocument document = event.searchDocument();
        return new InsightRendered(event.eventId(), event.occurredAt(), event.sourceEventId(), event.revision(),
                event.revisedAt(), event.insight(), event.pageHtml(), event.cardHtml(),
                new SearchDocument(document.title(), document.summary(), bodyText, document.tags(),
                        document.category(), document.language()),
                event.contentHash());
    }

    @Override
    public void close() {
        pipeline.publishAndAwait(events.stream().map(event -> RenderedEvents.removed(event.slug())).toList());
    }
}
