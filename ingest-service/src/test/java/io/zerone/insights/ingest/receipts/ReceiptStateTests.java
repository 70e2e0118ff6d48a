package io.zerone.insights.ingest.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiptStateTests {

    @Test
    void statesOnlyMoveForwardAndOutcomesAreFinal() {
        assertThat(ReceiptState.ACCEPTED.rank()).isLessThan(ReceiptState.RENDERED.rank());
        assertThat(ReceiptState.RENDERED.rank()).isLessThan(ReceiptState.SCHEDULED.rank());
        assertThat(ReceiptState.SCHEDULED.rank()).isLessThan(ReceiptState.LIVE.rank());
        for (ReceiptState outcome : new ReceiptState[] {ReceiptState.LIVE, ReceiptState.SUPERSEDED,
                ReceiptState.FAILED, ReceiptState.REMOVED}) {
            assertThat(outcome.rank()).isEqualTo(ReceiptState.LIVE.rank());
        }
    }

    @Test
    void aWaitEndsOnceTheOutcomeIsKnownOrScheduled() {
        assertThat(ReceiptState.ACCEPTED.settled()).isFalse();
        assertThat(ReceiptState.RENDERED.settled()).isFalse();
        assertThat(ReceiptState.SCHEDULED.settled()).isTrue();
        assertThat(ReceiptState.FAILED.settled()).isTrue();
    }
}
