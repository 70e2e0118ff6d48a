package io.zerone.insights.ingest.receipts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The answer of GET /api/publishes/{eventId}: where a publish or unpublish stands, and when it got to each step. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Receipt(UUID eventId, String slug, String kind, String state, String reason, Instant scheduledFor,
        List<Step> steps) {

    record Step(String state, Instant at) {
    }
}
