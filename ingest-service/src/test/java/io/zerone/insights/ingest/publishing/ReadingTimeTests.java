package io.zerone.insights.ingest.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadingTimeTests {

    @Test
    void roundsUpToWholeMinutesAt200WordsPerMinute() {
        assertThat(ReadingTime.minutesFor("word ".repeat(200))).isEqualTo(1);
        assertThat(ReadingTime.minutesFor("word ".repeat(201))).isEqualTo(2);
    }

    @Test
    void neverBelowOneOrAbove240Minutes() {
        assertThat(ReadingTime.minutesFor("  ")).isEqualTo(1);
        assertThat(ReadingTime.minutesFor("w ".repeat(60_000))).isEqualTo(240);
    }
}
