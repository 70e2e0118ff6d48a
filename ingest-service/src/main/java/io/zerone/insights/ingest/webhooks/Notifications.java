package io.zerone.insights.ingest.webhooks;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.zerone.insights.events.InsightTakenDown;
import io.zerone.insights.events.RevisionWentLive;
import io.zerone.insights.events.StatusEvent;
import io.zerone.insights.ingest.publishing.RequestFields;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the pipeline's outcomes into webhook bodies, in the Standard Webhooks payload shape
 * {@code {"type", "timestamp", "data"}}. {@code data.eventId} is the id the publish or unpublish was answered with
 * (its receipt's), so a subscriber can tell its own changes. Plain: no Kafka, no database.
 */
final class Notifications {

    private final JsonMapper json = JsonMapper.builder().build();
    private final String siteUrl;

    Notifications(URI siteUrl) {
        String base = siteUrl.toString();
        this.siteUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** insight.live or insight.removed; nothing for the statuses no subscriber can ask for (scheduled, superseded). */
    Optional<Notification> of(StatusEvent status) {
        // as a dead letter's key: a NUL in the slug would fail the delivery's write, retried for ever
        String slug = RequestFields.storable(status.slug());
        if (status instanceof RevisionWentLive live) {
            Map<String, Object> data = data(live.sourceEventId(), slug);
            data.put("url", siteUrl + "/insights/" + slug);
            data.put("liveAt", micros(live.liveAt()));
            return Optional.of(notification(WebhookType.LIVE, live.sourceEventId(), slug, live.liveAt(), data));
        }
        if (status instanceof InsightTakenDown down) {
            Map<String, Object> data = data(down.sourceEventId(), slug);
            data.put("removedAt", micros(down.removedAt()));
            return Optional.of(notification(WebhookType.REMOVED, down.sourceEventId(), slug, down.removedAt(), data));
        }
        return Optional.empty();
    }

    /**
     * insight.failed for a dead letter of the pipeline.
     *
     * @param stage {@code render} (insight-events.DLT) or {@code projection} (insight-rendered.DLT)
     */
    Notification failed(UUID sourceEventId, String slug, String stage, String reason, Instant at) {
        // a dead letter's key and exception message are whatever its record held: a NUL in the slug would fail the
        // delivery's write, and the listener would retry the record for ever
        String storableSlug = RequestFields.storable(slug);
        Map<String, Object> data = data(sourceEventId, storableSlug);
        data.put("stage", stage);
        data.put("reason", RequestFields.deadLetterReason(reason));
        return notification(WebhookType.FAILED, sourceEventId, storableSlug, at, data);
    }

    /**
     * To the microsecond, as every time ingest sends: query-service's are already, from PostgreSQL. A dead letter's is
     * its Kafka timestamp, to the millisecond: all there is of when it failed.
     */
    private static String micros(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS).toString();
    }

    private static Map<String, Object> data(UUID sourceEventId, String slug) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("eventId", sourceEventId.toString());
        data.put("slug", slug);
        return data;
    }

    private Notification notification(WebhookType type, UUID sourceEventId, String slug, Instant at,
            Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.value());
        body.put("timestamp", micros(at));
        body.put("data", data);
        return new Notification(type, Notification.webhookId(type, sourceEventId), slug, sourceEventId,
                json.writeValueAsString(body));
    }
}
