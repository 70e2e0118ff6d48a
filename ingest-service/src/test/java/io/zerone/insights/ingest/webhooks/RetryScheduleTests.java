package io.zerone.insights.ingest.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryScheduleTests {

    final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(5), Duration.ofHours(1), 15);

    @Test
    void waitDoublesFromTheInitialUpToTheMaximum() {
        assertThat(schedule.delayAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(schedule.delayAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(schedule.delayAfter(5)).isEqualTo(Duration.ofSeconds(80));
        assertThat(schedule.delayAfter(11)).isEqualTo(Duration.ofHours(1));
        assertThat(schedule.delayAfter(1_000)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void jitterAddsAtMostATenth() {
        for (int i = 0; i < 100; i++) {
            assertThat(schedule.jittered(3)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(22));
        }
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        assertThat(schedule.givesUpAfter(14)).isFalse();
        assertThat(schedule.givesUpAfter(15)).isTrue();
    }
}
