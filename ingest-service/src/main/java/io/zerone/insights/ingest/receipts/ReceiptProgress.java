package io.zerone.insights.ingest.receipts;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.InsightTakenDown;
import io.zerone.insights.events.RevisionScheduled;
import io.zerone.insights.events.RevisionSuperseded;
import io.zerone.insights.events.RevisionWentLive;
import io.zerone.insights.events.StatusEvent;
import io.zerone.insights.ingest.publishing.RequestFields;

/**
 * Moves receipts on as the pipeline reports: the listeners decode, this decides. Blocking, on a listener's thread;
 * a failure to write throws, so that the listener's error handler retries the poll rather than lose a step (a retry
 * moves nothing twice: a receipt only moves to a higher rank).
 */
@Component
class ReceiptProgress {

    private static final Logger log = LoggerFactory.getLogger(ReceiptProgress.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final ReceiptStore store;

    ReceiptProgress(ReceiptStore store) {
        this.store = store;
    }

    /**
     * One step of one receipt, as a record of the pipeline reports it; its times to the microsecond, as a receipt
     * answers them (render-service's clock, and the test's, give nanoseconds).
     */
    record Move(UUID eventId, ReceiptState state, Instant at, String reason, Instant scheduledFor) {

        Move {
            at = at.truncatedTo(ChronoUnit.MICROS);
            scheduledFor = scheduledFor == null ? null : scheduledFor.truncatedTo(ChronoUnit.MICROS);
        }
    }

    static Move of(StatusEvent status) {
        // Java 17: no pattern switch; the interface is sealed, so these are all its kinds
        if (status instanceof RevisionWentLive live) {
            return new Move(live.sourceEventId(), ReceiptState.LIVE, live.liveAt(), null, null);
        } else if (status instanceof RevisionScheduled scheduled) {
            return new Move(scheduled.sourceEventId(), ReceiptState.SCHEDULED, scheduled.occurredAt(), null,
                    scheduled.liveAt());
        } else if (status instanceof RevisionSuperseded superseded) {
            // the slug is whatever the record held: a NUL in it failed the poll's write, retried for ever
            return new Move(superseded.sourceEventId(), ReceiptState.SUPERSEDED, superseded.occurredAt(),
                    RequestFields.storable("a newer change of " + superseded.slug()
                            + " took effect first (revision at offset " + superseded.supersededBy().offset() + ")"),
                    null);
        }
        InsightTakenDown down = (InsightTakenDown) status;
        return new Move(down.sourceEventId(), ReceiptState.REMOVED, down.removedAt(), null, null);
    }

    static Move rendered(UUID sourceEventId, Instant at) {
        return new Move(sourceEventId, ReceiptState.RENDERED, at, null, null);
    }

    static Move failed(UUID sourceEventId, Instant at, String reason) {
        // another service's exception message, which may quote the record's bytes: a NUL in it would fail the write
        return new Move(sourceEventId, ReceiptState.FAILED, at, RequestFields.deadLetterReason(reason), null);
    }

    /**
     * Applies a poll's moves, in their order, with one statement per round (usually one: see
     * {@link ReceiptStore#advance(List)}). During a bulk load most moves find no receipt at all; one round trip per
     * record was most of ingest's database time then (docs/benchmarks.md).
     */
    void apply(List<Move> moves) {
        if (moves.isEmpty()) {
            return;
        }
        Long moved = store.advance(moves).block(WRITE_TIMEOUT);
        log.debug("{} of {} receipt moves applied", moved, moves.size());
    }
}
