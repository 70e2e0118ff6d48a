package io.zerone.insights.render.preview;

import java.time.Clock;
import java.util.Locale;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.PreviewRendered;
import io.zerone.insights.events.PreviewRequested;
import io.zerone.insights.events.Revision;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.pipeline.RecordSizeLimit;
import io.zerone.insights.render.rendering.InsightRenderer;
import io.zerone.insights.render.rendering.RenderFailedException;

/**
 * The work of a preview, without Kafka: the draft goes through the renderer that publishes insights, as the
 * {@code InsightPublished} a publish of it at the same instant would be, so its page has the same bytes; then it is
 * marked noindex. One record of {@link Topics#INSIGHT_PREVIEWS} in, one for {@link Topics#INSIGHT_PREVIEWS_RENDERED}
 * out, no larger than the producer sends ({@link RecordSizeLimit}).
 */
class PreviewRendering {

    private final CloudEventCodec codec;
    private final InsightRenderer renderer;
    private final Clock clock;
    private final RecordSizeLimit limit;

    PreviewRendering(CloudEventCodec codec, InsightRenderer renderer, Clock clock, RecordSizeLimit limit) {
        this.codec = codec;
        this.renderer = renderer;
        this.clock = clock;
        this.limit = limit;
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
        Revision revision = new Revision(record.partition(), record.offset());
        ProducerRecord<String, byte[]> page =
                codec.toRecord(Topics.INSIGHT_PREVIEWS_RENDERED, render(requested, revision));
        int size = RecordSizeLimit.size(page);
        if (limit.admits(size)) {
            return page;
        }
        // the send would fail and dead-letter the request, leaving the editor a URL that is a 404 for ever; a publish
        // of the draft is dead-lettered for the same reason (pipeline/InsightEventsListener), so the editor is told now
        String body = "**This draft cannot be previewed, and a publish of it would fail:** its page is "
                + megabytes(size, true) + ", more than the " + megabytes(limit.maxBytes(), false)
                + " a record may hold.\n";
        return codec.toRecord(Topics.INSIGHT_PREVIEWS_RENDERED, rendered(requested,
                explanation(requested, revision, body)));
    }

    PreviewRendered render(PreviewRequested requested, Revision revision) {
        String page;
        try {
            page = renderer.render(requested.asPublished(), revision).pageHtml();
        } catch (RenderFailedException failed) {
            String reason = failed.getCause() != null ? failed.getCause().getMessage() : failed.getMessage();
            String body = "**This draft cannot be rendered, and a publish of it would fail:**\n\n~~~ text\n"
                    + String.valueOf(reason).replace("~", "-") + "\n~~~\n";
            try {
                page = explanation(requested, revision, body);
            } catch (RenderFailedException again) {
                failed.addSuppressed(again);
                throw failed;
            }
        }
        return rendered(requested, page);
    }

    private PreviewRendered rendered(PreviewRequested requested, String page) {
        return new PreviewRendered(InsightRenderer.derivedId("preview", requested.eventId()), clock.instant(),
                requested.eventId(), requested.token(), requested.expiresAt(), NoIndex.mark(page));
    }

    /**
     * The draft's page with, in place of its body, why the body cannot be shown: the editor who asked holds only the
     * preview's URL, and a publish of the draft would go to the dead-letter topic for the same reason. A draft whose
     * page cannot be made at all (its slug, its title) goes to the preview's dead-letter topic.
     *
     * @throws RenderFailedException when not even that page can be made
     */
    private String explanation(PreviewRequested requested, Revision revision, String body) {
        return renderer.render(new InsightPublished(requested.eventId(), requested.occurredAt(), requested.source(),
                requested.insight(), body), revision).pageHtml();
    }

    /** In MiB to a tenth, rounded away from the limit: a page just past 4 MB reads 4.1 MB, not 4 MB. */
    static String megabytes(long bytes, boolean roundUp) {
        double tenths = bytes * 10 / (1024.0 * 1024);
        String shown = String.format(Locale.ENGLISH, "%.1f", (roundUp ? Math.ceil(tenths) : Math.floor(tenths)) / 10);
        return (shown.endsWith(".0") ? shown.substring(0, shown.length() - 2) : shown) + " MB";
    }
}
