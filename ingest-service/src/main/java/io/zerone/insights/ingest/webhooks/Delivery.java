package io.zerone.insights.ingest.webhooks;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One line of the delivery log, as {@code GET /api/webhooks/deliveries} answers it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Delivery(long id, String webhookId, String subscriber, String type, String slug, UUID eventId, String state,
        int attempts, Integer lastStatus, String lastError, Instant nextAttemptAt, Instant lastAttemptAt,
        Instant createdAt, Instant deliveredAt) {
}
