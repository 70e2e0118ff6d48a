package io.zerone.insights.render.pipeline;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.util.backoff.ExponentialBackOff;

import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.rendering.RenderFailedException;

/**
 * The service's one failure policy. A record that can never succeed (not an event of the contract, or an insight
 * that cannot be rendered) goes at once to {@link Topics#INSIGHT_EVENTS_DLT}, with the exception class, message
 * and the original headers, and its offset commits in the same transaction, so the partition keeps flowing.
 * Anything else is taken as transient (broker away, send timed out) and retried with back-off, without end: such
 * a record must never be given up.
 */
final class FailurePolicy {

    private FailurePolicy() {
    }

    static AfterRollbackProcessor<Object, Object> create(KafkaTemplate<Object, Object> kafka, PipelineProperties properties) {
        // partition -1: the DLT's partitioner places the record by its key, whatever the DLT's partition count
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(Topics.INSIGHT_EVENTS_DLT, -1));

        ExponentialBackOff backOff = new ExponentialBackOff(properties.initialBackOff().toMillis(), 2.0);
        backOff.setMaxInterval(properties.maxBackOff().toMillis());

        DefaultAfterRollbackProcessor<Object, Object> processor =
                new DefaultAfterRollbackProcessor<>(deadLetters, backOff, kafka, true);
        processor.addNotRetryableExceptions(
                MalformedEventException.class, RenderFailedException.class, RecordTooLargeException.class);
        return processor;
    }
}
