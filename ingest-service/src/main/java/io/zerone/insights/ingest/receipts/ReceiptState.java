package io.zerone.insights.ingest.receipts;

import java.util.Locale;

/**
 * Where a publish or unpublish stands. A receipt only moves to a higher rank: the pipeline's topics are read by
 * separate consumers, so a {@code rendered} may be read after the {@code live} it led to, and must change nothing.
 * The states of the highest rank are outcomes: nothing moves a receipt on from one of them.
 */
public enum ReceiptState {

    ACCEPTED(0), RENDERED(1), SCHEDULED(2), LIVE(3), SUPERSEDED(3), FAILED(3), REMOVED(3);

    private final int rank;

    ReceiptState(int rank) {
        this.rank = rank;
    }

    int rank() {
        return rank;
    }

    /** Whether a wait ends here: the change is visible, will never be, or not before its scheduled time. */
    boolean settled() {
        return rank >= SCHEDULED.rank;
    }

    /** The name in the receipt's JSON and in the database. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ReceiptState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
