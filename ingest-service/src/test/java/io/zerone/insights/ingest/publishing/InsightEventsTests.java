package io.zerone.insights.ingest.publishing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class InsightEventsTests {

    @Test
    void startsWhenTheProducerGivesUpBeforeTheAckTimeout() {
        Map<String, Object> producer = Map.of("max.block.ms", "1000", "delivery.timeout.ms", 3500);

        assertThatCode(() -> InsightEvents.checkProducerGivesUpFirst(producer, Duration.ofSeconds(5)))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesToStartWhenTheProducerMayStillSendAfterTheRequestAnswered() {
        Map<String, Object> producer = Map.of("max.block.ms", 4000, "delivery.timeout.ms", "10000");

        assertThatThrownBy(() -> InsightEvents.checkProducerGivesUpFirst(producer, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("insights.ingest.publishing.ack-timeout (5000 ms) must exceed the producer's"
                        + " max.block.ms + delivery.timeout.ms (4000 + 10000 ms)");
    }

    @Test
    void takesKafkasDefaultsForTimeoutsNotSet() {
        assertThatThrownBy(() -> InsightEvents.checkProducerGivesUpFirst(Map.of(), Duration.ofMinutes(3)))
                .hasMessageContaining("(60000 + 120000 ms)");
    }

    @Test
    void refusesAnAckTimeoutThatOnlyEqualsTheProducersBound() {
        Map<String, Object> producer = Map.of("max.block.ms", 1000, "delivery.timeout.ms", 4000);

        assertThatThrownBy(() -> InsightEvents.checkProducerGivesUpFirst(producer, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class);
    }
}
