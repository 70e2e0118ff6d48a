package io.zerone.insights.faultrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.zerone.insights.faultrun.Operation.Kind;

class LedgerTests {

    final Ledger ledger = new Ledger();

    @Test
    void lastAcceptedOperationIsTheOnlyTruthAndEarlierRevisionsAreSuperseded() {
        Operation first = publish("slug", 1);
        Operation second = publish("slug", 2);

        ledger.accepted(first);
        ledger.accepted(second);

        assertThat(ledger.allowed("slug")).containsExactly(second.outcome());
        assertThat(ledger.superseded("slug")).containsExactly(first.outcome());
    }

    @Test
    void operationWithUnknownOutcomeAllowsTheStateBeforeAndAfterIt() {
        Operation published = publish("slug", 1);
        Operation unpublish = new Operation("slug", 2, Kind.UNPUBLISH, "key-2", null, null, null);

        ledger.accepted(published);
        ledger.unknown(unpublish);

        assertThat(ledger.allowed("slug")).containsExactlyInAnyOrder(published.outcome(), unpublish.outcome());
        assertThat(ledger.isUnknown("slug")).isTrue();
        assertThat(ledger.superseded("slug")).isEmpty();
    }

    private static Operation publish(String slug, int revision) {
        return new Operation(slug, revision, Kind.PUBLISH, "key-" + revision, "Title " + revision, "word" + revision,
                Instant.parse("2025-01-01T00:00:00Z"));
    }
}
