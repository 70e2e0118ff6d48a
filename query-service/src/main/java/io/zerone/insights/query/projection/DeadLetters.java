package io.zerone.insights.query.projection;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zerone.insights.query.projection.ProjectionBatch.Undecodable;

/**
 * Sends the records of a batch that are not events to the dead-letter topic, through the recoverer the error handler
 * uses, so they carry the same headers as before batches (original topic, partition, offset, group, and the reason
 * in {@code kafka_dlt-exception-message}); the good records of the batch are applied regardless. Each is sent before
 * the batch's transaction, and not again when that transaction is retried.
 */
@Component
class DeadLetters {

    private final DeadLetterPublishingRecoverer recoverer;
    private final Counter sent;
    /** Per partition, the offset of the last record sent; partitions are one consumer's at a time. */
    private final Map<Integer, Long> lastSent = new ConcurrentHashMap<>();

    DeadLetters(DeadLetterPublishingRecoverer projectionDeadLetterRecoverer, MeterRegistry meters) {
        this.recoverer = projectionDeadLetterRecoverer;
        this.sent = Counter.builder("query.projection.events").tag("outcome", "dead-lettered")
                .description("events the projector received, by what became of them").register(meters);
    }

    /** Sends each record and waits for the broker's acknowledgement; a failure fails (and so retries) the batch. */
    void send(List<Undecodable> undecodable, Consumer<?, ?> consumer, String groupId) {
        for (Undecodable bad : undecodable) {
            int partition = bad.record().partition();
            if (bad.record().offset() <= lastSent.getOrDefault(partition, -1L)) {
                continue;
            }
            recoverer.accept(bad.record(), consumer,
                    new ListenerExecutionFailedException("not an event of the contract", groupId, bad.reason()));
            lastSent.put(partition, bad.record().offset());
            sent.increment();
        }
    }
}
