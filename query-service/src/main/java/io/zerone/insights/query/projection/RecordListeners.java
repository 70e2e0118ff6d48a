package io.zerone.insights.query.projection;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.Replicas;

/**
 * The failure policy of the listeners beside the projector's batches (previews, cases): record by record, at least
 * once. A record that is no event of its topic goes to the dead-letter topic with its reason at once. A record the
 * database rejects (a failure of the data itself, {@link ProjectionConfiguration#isDataProblem}: a NUL character in a
 * text, a value out of range) would fail the same way for ever and stop its partition: as in the projector, it is
 * retried with back-off for {@code dead-letter-after} and then goes to the dead-letter topic with the database's
 * reason, and the records after it are applied. Anything else (the database away) is retried without end, the
 * back-off starting over every {@code dead-letter-after}.
 */
public final class RecordListeners {

    private RecordListeners() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static ConcurrentKafkaListenerContainerFactory<Object, Object> containerFactory(
            ConsumerFactory<?, ?> consumers, KafkaOperations<Object, Object> kafka, String deadLetterTopic,
            String groupId, RetrySettings retry, String instanceId) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        factory.setConsumerFactory((ConsumerFactory) consumers);
        // partition -1: the DLT's partitioner places the record by its key, whatever the DLT's partition count
        var deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(deadLetterTopic, -1));
        // as the projector's handler
        var handler = new DefaultErrorHandler(ProjectionConfiguration.deadLetteringDataProblems(
                (record, consumer, exception) -> deadLetters.accept(record, consumer, asItsReason(exception))),
                retry.backOff());
        handler.addNotRetryableExceptions(MalformedEventException.class);
        factory.setCommonErrorHandler(handler);
        // a named replica is a static member here too, under this listener's group
        Replicas.instanceId(instanceId).ifPresent(id -> factory.setContainerCustomizer(container -> container
                .getContainerProperties().getKafkaConsumerProperties()
                .setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, Replicas.groupInstanceId(groupId, id))));
        return factory;
    }

    /**
     * The failure as the dead letter's {@code kafka_dlt-exception-message} should say it, as the projector's do: the
     * reason alone, where it said the container's wrapper first ("Listener method 'void ...on(...)' threw exception;
     * ..."), and for a statement the database rejected the database's reason (Spring's message of a rejected statement
     * names only the statement). Wrapped again as the container wraps it, but without a message of its own: the dead
     * letter keeps its consumer group (which the database's reason lacked) and names the reason's class.
     */
    private static Exception asItsReason(Exception failure) {
        boolean wrapped = failure instanceof ListenerExecutionFailedException && failure.getCause() != null;
        Throwable reason = wrapped ? failure.getCause() : failure;
        for (Throwable cause = reason; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessException rejected) {
                reason = new KafkaException("the database rejected the record: "
                        + rejected.getMostSpecificCause().getMessage(), reason);
                break;
            }
        }
        return new ListenerExecutionFailedException(null,
                wrapped ? ((ListenerExecutionFailedException) failure).getGroupId() : null, reason);
    }
}
