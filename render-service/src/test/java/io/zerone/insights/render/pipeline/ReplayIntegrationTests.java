package io.zerone.insights.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    @Test
    void replayOfTheInputTopicGivesTheSameOutputs() throws Exception {
        List<InsightPublished> insights = SeedEvents.load("-replayed-" + run).subList(3, 5);
        InsightUnpublished unpublished =
                new InsightUnpublished(UUID.randomUUID(), Instant.now(), "test", insights.get(0).slug(), null);
        // the topic holds what an earlier ingest-service wrote (insight.published.v1) before today's v2
        send(PublishedV1.of(insights.get(0)));
        send(codec.toRecord(Topics.INSIGHT_EVENTS, insights.get(1)));
        send(codec.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) unpublished));
        Predicate<ConsumerRecord<String, byte[]>> ours = record -> record.key().endsWith("-replayed-" + run);
        List<ConsumerRecord<String, byte[]>> firstPass = awaitOutputs(ours, 3);

        ConsumerGroupReplay.fromTheBeginning(admin, listeners.getListenerContainer(InsightEventsListener.ID),
                Topics.RENDER_GROUP, Topics.INSIGHT_EVENTS);

        List<ConsumerRecord<String, byte[]>> bothPasses = awaitOutputs(ours, 6);
        for (ConsumerRecord<String, byte[]> first : firstPass) {
            Object original = decode(first);
            List<Object> copies = bothPasses.stream().map(this::decode).filter(same(original)).toList();
            assertThat(copies).as("copies of %s", original).hasSize(2);
        }
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
