package io.zerone.insights.ingest.cases;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.Topics;
import io.zerone.insights.events.cases.CaseEvent;
import io.zerone.insights.events.cases.CasePublished;
import io.zerone.insights.events.cases.CaseUnpublished;
import io.zerone.insights.ingest.publishing.IngestProperties;
import io.zerone.insights.ingest.publishing.InsightEvents;
import io.zerone.insights.ingest.publishing.InvalidInsightException;
import io.zerone.insights.ingest.publishing.RequestFields;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Turns an editor's case request into a {@link CaseEvent} on {@link Topics#CASE_EVENTS}, by the rules an insight's
 * fields of the same name follow, and writes it as insights are written: acknowledged by Kafka within the ack timeout.
 */
@Component
class CaseRequests {

    static final Set<String> FIELDS = Set.of("number", "slug", "title", "summary", "publishedAt", "body");
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final String SCHEDULED =
            "must not be in the future: a case cannot be scheduled, publish it when it is due";

    private final InsightEvents events;
    private final CloudEventCodec codec = new CloudEventCodec();
    private final Clock clock;
    private final MeterRegistry meters;

    CaseRequests(InsightEvents events, Clock clock, MeterRegistry meters) {
        this.events = events;
        this.clock = clock;
        this.meters = meters;
    }

    /** @throws InvalidInsightException naming every broken rule */
    CasePublished publication(String clientId, UUID eventId, JsonNode json) {
        RequestFields fields = new RequestFields(json, FIELDS);
        String number = fields.caseNumber("number", true);
        String title = fields.text("title", true, 1, 200);
        String summary = fields.text("summary", true, 1, 600);
        String body = fields.body();
        // a case's page is /cases/{number}: its slug names no address, so the site's own pages reserve none
        String slug = fields.slug(title, Set.of());
        var publishedAt = fields.instant("publishedAt", clock);
        // Cases have no scheduled publish, as insights do: the site shows a case once it has it, so one dated ahead
        // would be public at once under a date to come. An editor's clock a little ahead is no schedule.
        if (publishedAt != null && publishedAt.isAfter(clock.instant().plus(CLOCK_SKEW))) {
            fields.reject("publishedAt", SCHEDULED);
        }
        fields.throwIfInvalid();
        return new CasePublished(eventId, clock.instant(), clientId, number, slug, title, summary, publishedAt, body);
    }

    /** @throws InvalidInsightException for a number or reason that breaks a rule */
    CaseUnpublished unpublication(String clientId, UUID eventId, String number, String reason) {
        if (!CaseEvent.isNumber(number)) {
            throw new InvalidInsightException("number", RequestFields.CASE_NUMBER_RULE);
        }
        return new CaseUnpublished(eventId, clock.instant(), clientId, number, RequestFields.reason(reason));
    }

    Mono<CaseEvent> write(CaseEvent event) {
        String operation = event instanceof CasePublished ? "publish-case" : "unpublish-case";
        return events.write(codec.toRecord(Topics.CASE_EVENTS, event), operation + " " + event.number())
                .doOnSuccess(done -> meters.counter("insights.ingest.accepted", "operation", operation).increment())
                .thenReturn(event);
    }

    @Configuration(proxyBeanMethods = false)
    static class TopicDeclaration {

        /** Compacted and keyed by number, as insight-events is by slug: a replay rebuilds the latest of every case. */
        @Bean
        NewTopic caseEventsTopic(IngestProperties properties) {
            return TopicBuilder.name(Topics.CASE_EVENTS)
                    .partitions(properties.partitions())
                    .configs(Topics.COMPACTED)
                    .build();
        }
    }
}
