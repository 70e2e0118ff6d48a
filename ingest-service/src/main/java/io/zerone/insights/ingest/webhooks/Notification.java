package io.zerone.insights.ingest.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * One outcome to tell subscribers of, as it will be sent: its type, the Standard Webhooks {@code webhook-id} (the same
 * on every attempt and for every copy of the record it came from) and the JSON body.
 */
record Notification(WebhookType type, String webhookId, String slug, UUID sourceEventId, String payload) {

    /**
     * Derived from what the outcome is about, not from the record: a status re-sent by query-service's relay, a topic
     * read again or a publish dead-lettered twice make the same id, which the delivery table keeps once. Only letters,
     * digits, {@code _} and {@code -}: the id is part of the signed content, where a {@code .} would be ambiguous.
     */
    static String webhookId(WebhookType type, UUID sourceEventId) {
        return "msg_" + UUID.nameUUIDFromBytes((type.value() + ":" + sourceEventId).getBytes(StandardCharsets.UTF_8));
    }
}
