package io.zerone.insights.render.pipeline;

import java.time.Clock;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.InsightRemoved;
import io.zerone.insights.events.InsightUnpublished;
import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.RenderedEvent;
import io.zerone.insights.events.Revision;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.rendering.InsightRenderer;

/**
 * The work of the service, without Kafka: one record of {@link Topics#INSIGHT_EVENTS} in, the one record for
 * {@link Topics#INSIGHT_RENDERED} out. The revision is the source record's position, so a replay reproduces it.
 */
class RenderPipeline {

    private final CloudEventCodec codec;
    private final InsightRenderer renderer;
    private final Clock clock;

    RenderPipeline(CloudEventCodec codec, InsightRenderer renderer, Clock clock) {
        this.codec = codec;
        this.renderer = renderer;
        this.clock = clock;
    }

    /**
     * @throws MalformedEventException when the record holds no insight event
     * @throws io.zerone.insights.render.rendering.RenderFailedException when the insight cannot be rendered
     */
    ProducerRecord<String, byte[]> process(ConsumerRecord<String, byte[]> record) {
        Record event = codec.fromRecord(record);
        Revision revision = new Revision(record.partition(), record.offset());
        RenderedEvent result;
        if (event instanceof InsightPublished published) {
            result = renderer.render(published, revision);
        } else if (event instanceof InsightUnpublished unpublished) {
            // as a publish's: the removal of "a b" or of a slug of 10,000 characters was passed on, and query-service
            // stored its tombstone (or, past what PostgreSQL indexes, failed on it)
            if (!InsightEvent.isSlug(unpublished.slug())) {
                throw new MalformedEventException("the slug of the unpublish is not a safe path segment of at most "
                        + InsightEvent.SLUG_MAX_LENGTH + " characters");
            }
            result = removed(unpublished, revision);
        } else {
            throw new MalformedEventException(
                    event.getClass().getSimpleName() + " does not belong on " + Topics.INSIGHT_EVENTS);
        }
        return codec.toRecord(Topics.INSIGHT_RENDERED, result);
    }

    private InsightRemoved removed(InsightUnpublished event, Revision revision) {
        return new InsightRemoved(InsightRenderer.derivedId("removed", event.eventId()), clock.instant(),
                event.eventId(), revision, event.slug(), event.reason());
    }
}
