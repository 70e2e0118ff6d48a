package io.zerone.insights.render.preview;

import java.time.Clock;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.PreviewRendered;
import io.zerone.insights.events.PreviewRequested;
import io.zerone.insights.events.Revision;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.rendering.InsightRenderer;

/**
 * The work of a preview, without Kafka: the draft goes through the renderer that publishes insights, as the
 * {@code InsightPublished} a publish of it at the same instant would be, so its page has the same bytes; then it is
 * marked noindex. One record of {@link Topics#INSIGHT_PREVIEWS} in, one for {@link Topics#INSIGHT_PREVIEWS_RENDERED}
 * out.
 */
class PreviewRendering {

    private final CloudEventCodec codec;
    private final InsightRenderer renderer;
    private final Clock clock;

    PreviewRendering(CloudEventCodec codec, InsightRenderer renderer, Clock clock) {
        this.codec = codec;
        this.renderer = renderer;
        this.clock = clock;
    }

    /**
     * @throws MalformedEventException when the record holds no preview request
     * @throws io.zerone.insights.render.rendering.RenderFailedException when the draft cannot be rendered
     */
    ProducerRecord<String, byte[]> process(ConsumerRecord<String, byte[]> record) {
        Record event = codec.fromRecord(record);
        if (!(event instanceof PreviewRequested requested)) {
            throw new MalformedEventException(
                    event.getClass().getSimpleName() + " does not belong on " + Topics.INSIGHT_PREVIEWS);
        }
        return codec.toRecord(Topics.INSIGHT_PREVIEWS_RENDERED, render(requested,
                new Revision(record.partition(), record.offset())));
    }

    PreviewRendered render(PreviewRequested requested, Revision revision) {
        String page = renderer.render(requested.asPublished(), revision).pageHtml();
        return new PreviewRendered(InsightRenderer.derivedId("preview", requested.eventId()), clock.instant(),
                requested.eventId(), requested.token(), requested.expiresAt(), NoIndex.mark(page));
    }
}
