package io.zerone.insights.render.pipeline;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.rendering.RenderFailedException;

/**
 * The service's one failure policy. A record that can never succeed (not an event of the contract, an insight that
 * cannot be rendered, or a rendering too large for the producer) goes to {@link Topics#INSIGHT_EVENTS_DLT} with the
 * reason, inside the transaction of its batch: it commits with the good records' outputs and the batch's offsets,
 * and neither aborts them nor stops the partition. Anything else is taken as transient (broker away, send timed
 * out): the whole batch rolls back and is retried with back-off, without end, for such a record must never be given
 * up.
 */
final class FailurePolicy {

    private static final Logger log = LoggerFactory.getLogger(FailurePolicy.class);

    /** Failures of the record itself: retrying cannot cure them. */
    private static final List<Class<? extends Exception>> POISON =
            List.of(MalformedEventException.class, RenderFailedException.class, RecordTooLargeException.class);

    private final DeadLetterPublishingRecoverer deadLetters;
    private final AfterRollbackProcessor<Object, Object> afterRollback;

    FailurePolicy(KafkaTemplate<Object, Object> kafka, RetrySettings retry) {
        // partition -1: the DLT's partitioner places the record by its key, whatever the DLT's partition count
        this.deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(Topics.INSIGHT_EVENTS_DLT, -1));
        // a batch listener's rollback never "recovers" records: every partition of the batch is sought back to its
        // first record and the batch runs again after the pause; past the back-off's end the last pause repeats
        this.afterRollback = new DefaultAfterRollbackProcessor<>(retry.backOff());
    }

    /**
     * Sends a record that can never succeed to the DLT in the caller's transaction; rethrows any other failure, so
     * that the batch rolls back and {@link #afterRollback()} retries it.
     */
    void deadLetterOrRethrow(ConsumerRecord<String, byte[]> record, RuntimeException failure) {
        if (POISON.stream().noneMatch(poison -> poison.isInstance(failure))) {
            throw failure;
        }
        // wrapped as the container used to wrap it, so the DLT's headers stay as they were: kafka_dlt-exception-fqcn
        // names the wrapper, kafka_dlt-exception-cause-fqcn the reason, and the consumer group is recorded
        deadLetters.accept(record, null, new ListenerExecutionFailedException(
                "render-service cannot render this record", Topics.RENDER_GROUP, failure));
        logSent(record, failure);
    }

    /** One line per dead letter, so that an operator sees it without reading the dead-letter topics. */
    static void logSent(ConsumerRecord<?, ?> record, Throwable reason) {
        log.warn("sent {}-{}@{} (key {}) to its dead-letter topic: {}", record.topic(), record.partition(),
                record.offset(), record.key(), NestedExceptionUtils.getMostSpecificCause(reason).getMessage());
    }

    /** The retry of a batch after a transient failure: the error handler that applies to a transactional container. */
    AfterRollbackProcessor<Object, Object> afterRollback() {
        return afterRollback;
    }
}
