package io.zerone.insights.ingest.webhooks;

import java.util.Arrays;
import java.util.List;

/** The events a subscriber can receive, by their Standard Webhooks event type. */
enum WebhookType {

    /** A publish is on every public surface (query-service's {@code RevisionWentLive}). */
    LIVE("insight.live"),
    /** An unpublish took effect (query-service's {@code InsightTakenDown}). */
    REMOVED("insight.removed"),
    /** A publish was dead-lettered by render-service or query-service, with the reason. */
    FAILED("insight.failed");

    private final String value;

    WebhookType(String value) {
        this.value = value;
    }

    String value() {
        return value;
    }

    static WebhookType named(String value) {
        return Arrays.stream(values()).filter(t -> t.value.equals(value)).findFirst().orElse(null);
    }

    static List<String> names() {
        return Arrays.stream(values()).map(WebhookType::value).toList();
    }
}
