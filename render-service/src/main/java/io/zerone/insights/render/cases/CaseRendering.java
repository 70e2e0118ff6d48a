package io.zerone.insights.render.cases;

import java.time.Clock;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.Revision;
import io.zerone.insights.events.Topics;
import io.zerone.insights.events.cases.CaseEvent;
import io.zerone.insights.events.cases.CasePublished;
import io.zerone.insights.events.cases.CaseRemoved;
import io.zerone.insights.events.cases.CaseRenderedEvent;
import io.zerone.insights.events.cases.CaseUnpublished;
import io.zerone.insights.render.rendering.CaseRenderer;
import io.zerone.insights.render.rendering.InsightRenderer;

/**
 * The work of the case path, without Kafka: one record of {@link Topics#CASE_EVENTS} in, the one record for
 * {@link Topics#CASE_RENDERED} out. The revision is the source record's position, so a replay reproduces it.
 */
class CaseRendering {

    private final CloudEventCodec codec;
    private final CaseRenderer renderer;
    private final Clock clock;

    CaseRendering(CloudEventCodec codec, CaseRenderer renderer, Clock clock) {
        this.codec = codec;
        this.renderer = renderer;
        this.clock = clock;
    }

    /**
     * @throws MalformedEventException when the record holds no case event
     * @throws io.zerone.insights.render.rendering.RenderFailedException when the case cannot be rendered
     */
    ProducerRecord<String, byte[]> process(ConsumerRecord<String, byte[]> record) {
        Record event = codec.fromRecord(record);
        Revision revision = new Revision(record.partition(), record.offset());
        CaseRenderedEvent result;
        if (event instanceof CasePublished published) {
            result = renderer.render(published, revision);
        } else if (event instanceof CaseUnpublished unpublished) {
            // as a publish's (CaseRenderer): query-service could only dead-letter the removal of "7-b" or of "case"
            if (!CaseEvent.isNumber(unpublished.number())) {
                throw new MalformedEventException("the number of the unpublish is not a case number of two digits");
            }
            result = new CaseRemoved(InsightRenderer.derivedId("case-removed", unpublished.eventId()),
                    clock.instant(), unpublished.eventId(), revision, unpublished.number(), unpublished.reason());
        } else {
            throw new MalformedEventException(
                    event.getClass().getSimpleName() + " does not belong on " + Topics.CASE_EVENTS);
        }
        return codec.toRecord(Topics.CASE_RENDERED, result);
    }
}
