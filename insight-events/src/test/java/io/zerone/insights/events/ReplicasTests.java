package io.zerone.insights.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.junit.jupiter.api.Test;

/** A named replica's consumer, which leaves its group when closed (docs/adr/0015). */
class ReplicasTests {

    final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
    final Consumer<String, String> leaving = Replicas.leavingOnClose(consumer);

    @Test
    void unsubscribedConsumerUsedAgainHasNoSubscription() {
        leaving.subscribe(List.of(Topics.INSIGHT_EVENTS));

        leaving.unsubscribe();

        assertThat(leaving.subscription()).isEmpty();
    }

    @Test
    void unsubscribedConsumerCloses() {
        leaving.subscribe(List.of(Topics.INSIGHT_EVENTS));

        leaving.unsubscribe();
        leaving.close();

        assertThat(consumer.closed()).isTrue();
    }
}
