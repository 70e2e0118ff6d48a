package io.zerone.insights.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.InsightRemoved;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.InsightUnpublished;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.PublishedV1;
import io.zerone.insights.render.SeedEvents;

/**
 * A replay of insight-events, as an operator runs it, repeats the outputs exactly, whichever version of an event the
 * topic holds.
 */
class ReplayIntegrationTests extends RealBrokerTest {

    /** When a record was made, and the trace it was made in (W3C headers, or their CloudEvents extension form). */
    private static final Set<String> TIME_AND_TRACE = Set.of("ce_time", "traceparent", "tracestate", "ce_traceparent",
            "ce_tracestate", "b3");
    private static final Pattern OCCURRED_AT = Pattern.compile("\"occurredAt\":\"[^\"]*\"");

    @Test
    void replayOfTheInputTopicGivesTheSameOutputs() throws Exception {
        List<InsightPublished> insights = SeedEvents.load("-replayed-" + run).subList(3, 5);
        InsightUnpublished unpublished =
                new InsightUnpublished(UUID.randomUUID(), Instant.now(), "test", insights.get(0).slug(), null);
        // the topic holds what an earlier ingest-service wrote (insight.published.v1) before today's v2
        send(PublishedV1.of(insights.get(0)));
        send(codec.toRecord(Topics.INSIGHT_EVENTS, insights.get(1)));
        send(codec.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) unpublished));
        Predicate<String> ourKeys = key -> key.endsWith("-replayed-" + run);
        Predicate<ConsumerRecord<String, byte[]>> ours = record -> ourKeys.test(record.key());
        List<ConsumerRecord<String, byte[]>> firstPass = awaitOutputs(ours, 3);

        ConsumerGroupReplay.fromTheBeginning(admin, listeners.getListenerContainer(InsightEventsListener.ID),
                Topics.RENDER_GROUP, Topics.INSIGHT_EVENTS);

        awaitOutputs(ours, 6);
        // two copies each, not more: a copy that comes late is counted too
        List<ConsumerRecord<String, byte[]>> bothPasses = renderedBeforeALaterRecord(EVERY_PARTITION, ourKeys);
        for (ConsumerRecord<String, byte[]> first : firstPass) {
            Object original = decode(first);
            List<Object> copies = bothPasses.stream().map(this::decode).filter(same(original)).toList();
            assertThat(copies).as("copies of %s", original).hasSize(2);
            // and byte for byte: the same value and the same headers in the same order, but for the time of the
            // rendering (occurredAt in the data, ce_time) and the trace it ran in
            assertThat(bothPasses.stream().filter(copy -> valueButTime(copy).equals(valueButTime(first))
                    && headersButTime(copy).equals(headersButTime(first)))).as("byte copies of %s", original)
                    .hasSize(2);
        }
    }

    /** The record's value as sent, with the instant of its occurredAt blanked. */
    private static String valueButTime(ConsumerRecord<String, byte[]> record) {
        return OCCURRED_AT.matcher(new String(record.value(), StandardCharsets.UTF_8)).replaceFirst("\"occurredAt\":\"\"");
    }

    /** The record's headers, name and value, in order, without those that say when and in which trace it was made. */
    private static List<String> headersButTime(ConsumerRecord<String, byte[]> record) {
        List<String> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            if (!TIME_AND_TRACE.contains(header.key())) {
                headers.add(header.key() + "=" + HexFormat.of().formatHex(header.value()));
            }
        }
        return headers;
    }

    /** Equal but for occurredAt, which says when the rendering ran. */
    private static Predicate<Object> same(Object original) {
        return candidate -> withoutRenderTime(candidate).equals(withoutRenderTime(original));
    }

    private static Object withoutRenderTime(Object event) {
        Instant epoch = Instant.EPOCH;
        if (event instanceof InsightRendered r) {
            return new InsightRendered(r.eventId(), epoch, r.sourceEventId(), r.revision(), r.revisedAt(), r.insight(),
                    r.pageHtml(), r.cardHtml(), r.searchDocument(), r.contentHash());
        }
        InsightRemoved r = (InsightRemoved) event;
        return new InsightRemoved(r.eventId(), epoch, r.sourceEventId(), r.revision(), r.slug(), r.reason());
    }
}
