package io.zerone.insights.render.preview;

import java.time.Clock;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.PreviewRendered;
import io.zerone.insights.events.PreviewRequested;
import io.zerone.insights.events.Revision;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.rendering.InsightRenderer;
import io.zerone.insights.render.rendering.RenderFailedException;

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
     * @throws RenderFailedException when the draft's page cannot be made, not even to say why its body cannot
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
        String page;
        try {
            page = renderer.render(requested.asPublished(), revision).pageHtml();
        } catch (RenderFailedException failed) {
            page = explanation(requested, revision, failed);
        }
        return new PreviewRendered(InsightRenderer.derivedId("preview", requested.eventId()), clock.instant(),
                requested.eventId(), requested.token(), requested.expiresAt(), NoIndex.mark(page));
    }

    /**
     * The draft's page with, in place of its body, why the body cannot be rendered: the editor who asked holds only
     * the preview's URL, and a publish of the draft would go to the dead-letter topic for the same reason. A draft
     * whose page cannot be made at all (its slug, its title) goes to the preview's dead-letter topic.
     */
    private String explanation(PreviewRequested requested, Revision revision, RenderFailedException failed) {
        String reason = failed.getCause() != null ? failed.getCause().getMessage() : failed.getMessage();
        String body = "**This draft cannot be rendered, and a publish of it would fail:**\n\n~~~ text\n"
                + String.valueOf(reason).replace("~", "-") + "\n~~~\n";
        try {
            return renderer.render(new InsightPublished(requested.eventId(), requested.occurredAt(), requested.source(),
                    requested.insight(), body), revision).pageHtml();
        } catch (RenderFailedException again) {
            failed.addSuppressed(again);
            throw failed;
        }
    }
}
