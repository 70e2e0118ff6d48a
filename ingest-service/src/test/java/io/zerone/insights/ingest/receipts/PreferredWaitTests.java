package io.zerone.insights.ingest.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PreferredWaitTests {

    @Test
    void readsTheWaitAmongOtherPreferencesCaseInsensitively() {
        assertThat(PreferredWait.from(List.of("respond-async, WAIT=10"))).contains(new PreferredWait(10));
        assertThat(PreferredWait.from(List.of("handling=lenient", "wait=\"5\""))).contains(new PreferredWait(5));
    }

    @Test
    void capsALongerWaitAt30AndSaysSoInPreferenceApplied() {
        PreferredWait wait = PreferredWait.from(List.of("wait=3600")).orElseThrow();

        assertThat(wait.seconds()).isEqualTo(30);
        assertThat(wait.applied()).isEqualTo("wait=30");
    }

    @Test
    void capsAWaitOfMoreDigitsThanAnIntHoldsAt30() {
        assertThat(PreferredWait.from(List.of("wait=99999999999999999999"))).contains(new PreferredWait(30));
        assertThat(PreferredWait.from(List.of("wait=0000000000005"))).contains(new PreferredWait(5));
    }

    @Test
    void ignoresAWaitItCannotApply() {
        assertThat(PreferredWait.from(null)).isEmpty();
        assertThat(PreferredWait.from(List.of("wait=0"))).isEmpty();
        assertThat(PreferredWait.from(List.of("wait=-1"))).isEmpty();
        assertThat(PreferredWait.from(List.of("wait=soon"))).isEmpty();
        assertThat(PreferredWait.from(List.of("wait"))).isEmpty();
        assertThat(PreferredWait.from(List.of("respond-async"))).isEmpty();
    }
}
