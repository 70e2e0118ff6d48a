package io.zerone.insights.ingest.publishing;

import java.time.Clock;
import java.util.UUID;

import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.MeterRegistry;
import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.InsightUnpublished;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Turns an editor's request into an event on Kafka. */
@Service
class Publishing {

    private final InsightEvents events;
    private final SlugTitles slugTitles;
    private final PublishRequestReader reader;
    private final Clock clock;
    private final MeterRegistry meters;

    Publishing(InsightEvents events, SlugTitles slugTitles, Clock clock, MeterRegistry meters) {
        this.events = events;
        this.slugTitles = slugTitles;
        this.reader = new PublishRequestReader(clock);
        this.clock = clock;
        this.meters = meters;
    }

    /** The event a publish request asks for; throws {@link InvalidInsightException} for a request that breaks a rule. */
    InsightEvent publication(String clientId, UUID eventId, JsonNode json) {
        PublishRequest request = reader.read(json);
        return new InsightPublished(eventId, clock.instant(), clientId, request.insight(), request.body());
    }

    /** The event an unpublish request asks for; throws {@link InvalidInsightException} for a request that breaks a rule. */
    InsightEvent unpublication(String clientId, UUID eventId, String slug, String reason) {
        if (!Slugs.isValid(slug)) {
            throw new InvalidInsightException("slug", "must be lowercase letters and digits joined by single hyphens");
        }
        // the rule of a publish: no insight can be there, so there is none to unpublish
        if (Slugs.RESERVED.contains(slug)) {
            throw new InvalidInsightException("slug",
                    "'" + slug + "' is the address of the site's own page; no insight is published there");
        }
        return new InsightUnpublished(eventId, clock.instant(), clientId, slug, RequestFields.reason(reason));
    }

    /**
     * Records the title of the slug a publication takes, before anything else of the request is written; fails with
     * {@link SlugTakenException} when the request sent no slug and the one derived from its title is another title's.
     * The claim's event is the one to write: a revision that sent no {@code publishedAt} keeps its insight's date.
     */
    Mono<SlugTitles.Claim> claimSlug(InsightEvent publication, JsonNode json) {
        return slugTitles.claim((InsightPublished) publication, !json.hasNonNull("slug"), json.hasNonNull("publishedAt"));
    }

    /** Completes once Kafka acknowledged the event; the slug's title is recorded again, or freed by an unpublish. */
    Mono<InsightEvent> write(InsightEvent event) {
        String operation = event instanceof InsightPublished ? "publish" : "unpublish";
        return events.write(event)
                .doOnSuccess(done -> meters.counter("insights.ingest.accepted", "operation", operation).increment())
                .then(event instanceof InsightPublished publication ? slugTitles.published(publication)
                        : slugTitles.unpublish(event.slug()))
                .thenReturn(event);
    }
}
