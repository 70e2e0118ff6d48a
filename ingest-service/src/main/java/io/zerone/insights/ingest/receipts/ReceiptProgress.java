package io.zerone.insights.ingest.receipts;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.InsightTakenDown;
import io.zerone.insights.events.RevisionScheduled;
import io.zerone.insights.events.RevisionSuperseded;
import io.zerone.insights.events.RevisionWentLive;
import io.zerone.insights.events.StatusEvent;

/**
 * Moves receipts on as the pipeline reports: the listeners decode, this decides. Blocking, on a listener's thread;
 * a failure to write throws, so that the listener's error handler retries the record rather than lose the step.
 */
@Component
class ReceiptProgress {

    private static final Logger log = LoggerFactory.getLogger(ReceiptProgress.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    /** A dead-letter reason is a stack-trace-sized exception message at worst; the receipt keeps its start. */
    static final int MAX_REASON_LENGTH = 1000;

    private final ReceiptStore store;

    ReceiptProgress(ReceiptStore store) {
        this.store = store;
    }

    void on(StatusEvent status) {
        // Java 17: no pattern switch; the interface is sealed, so these are all its kinds
        if (status instanceof RevisionWentLive live) {
            move(live.sourceEventId(), ReceiptState.LIVE, live.liveAt(), null, null);
        } else if (status instanceof RevisionScheduled scheduled) {
            move(scheduled.sourceEventId(), ReceiptState.SCHEDULED, scheduled.occurredAt(), null, scheduled.liveAt());
        } else if (status instanceof RevisionSuperseded superseded) {
            move(superseded.sourceEventId(), ReceiptState.SUPERSEDED, superseded.occurredAt(),
                    "a newer change of " + superseded.slug() + " took effect first (revision at offset "
                    + superseded.supersededBy().offset() + ")", null);
        } else if (status instanceof InsightTakenDown down) {
            move(down.sourceEventId(), ReceiptState.REMOVED, down.removedAt(), null, null);
        }
    }

    void rendered(UUID sourceEventId, Instant at) {
        move(sourceEventId, ReceiptState.RENDERED, at, null, null);
    }

    void failed(UUID sourceEventId, Instant at, String reason) {
        String kept = reason == null ? "dead-lettered without a reason"
                : reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
        move(sourceEventId, ReceiptState.FAILED, at, kept, null);
    }

    private void move(UUID eventId, ReceiptState state, Instant at, String reason, Instant scheduledFor) {
        Boolean moved = store.advance(eventId, state, at, reason, scheduledFor).block(WRITE_TIMEOUT);
        log.debug("receipt {} {} {}", eventId, Boolean.TRUE.equals(moved) ? "moved to" : "stays; ignored", state);
    }
}
