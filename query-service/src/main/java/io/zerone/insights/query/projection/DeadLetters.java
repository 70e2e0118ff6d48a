package io.zerone.insights.query.projection;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.Topics;
import io.zerone.insights.query.projection.ProjectionBatch.Undecodable;

/**
 * Sends the records of a batch that are not events to the dead-letter topic, through the recoverer the error handler
 * uses, so they carry the same headers as before batches (original topic, partition, offset, group, and the reason
 * in {@code kafka_dlt-exception-message}); the good records of the batch are applied regardless. Each is sent before
 * the batch's transaction, and not again when that transaction is retried. A scheduled revision the database refuses
 * when it is due is sent after the transaction that took it out committed ({@link ScheduledRevisions}).
 */
@Component
class DeadLetters {

    private final DeadLetterPublishingRecoverer recoverer;
    private final Counter sent;
    /** Per partition, the offset of the last record sent; partitions are one consumer's at a time. */
    private final Map<Integer, Long> lastSent = new ConcurrentHashMap<>();
    private final CloudEventCodec codec = new CloudEventCodec();

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
            ProjectionConfiguration.logSent(bad.record(), bad.reason());
            lastSent.put(partition, bad.record().offset());
            sent.increment();
        }
    }

    /**
     * A scheduled revision that the database rejects once it is due (docs/adr/0021), as the record it came in: its
     * partition and offset are its revision, the reason is the database's. Waits for the broker's acknowledgement;
     * a failure is the caller's to report.
     */
    void sendRejectedWhenDue(InsightRendered event, RuntimeException failure) {
        ProducerRecord<String, byte[]> produced = codec.toRecord(Topics.INSIGHT_RENDERED, event);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.INSIGHT_RENDERED,
                event.revision().partition(), event.revision().offset(), ConsumerRecord.NO_TIMESTAMP,
                TimestampType.NO_TIMESTAMP_TYPE, ConsumerRecord.NULL_SIZE, produced.value().length, produced.key(),
                produced.value(), produced.headers(), Optional.empty());
        String reason = "the projection database rejected the scheduled revision when it was due: "
                + NestedExceptionUtils.getMostSpecificCause(failure).getMessage();
        IllegalArgumentException rejected = new IllegalArgumentException(reason, failure);
        recoverer.accept(record, null, new ListenerExecutionFailedException(reason, ProjectionListener.GROUP,
                rejected));
        ProjectionConfiguration.logSent(record, rejected);
        sent.increment();
    }
}
