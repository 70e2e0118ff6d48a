package io.zerone.insights.render.pipeline;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.Replicas;
import io.zerone.insights.render.rendering.RenderFailedException;

/**
 * The failure policy of the paths beside the insights' transactional one (previews, cases): at least once, record by
 * record, with a producer outside any transaction. A record that can never be rendered goes to its dead-letter topic
 * with the reason at once; anything else (the broker away) is retried with the pipeline's back-off, without end.
 * Nothing here touches the insights' transactional producer, whose transactional ids a named replica counts exactly
 * (docs/adr/0015).
 */
public final class AtLeastOnce {

    private AtLeastOnce() {
    }

    public static ConcurrentKafkaListenerContainerFactory<String, byte[]> containerFactory(
            ConsumerFactory<String, byte[]> consumers, ProducerFactory<String, byte[]> producers,
            String deadLetterTopic, String groupId, RetrySettings retry, String instanceId) {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
        factory.setConsumerFactory(consumers);
        // partition -1: the DLT's partitioner places the record by its key, whatever the DLT's partition count
        var deadLetters = new DeadLetterPublishingRecoverer(nonTransactional(producers),
                (record, exception) -> new TopicPartition(deadLetterTopic, -1));
        var handler = new DefaultErrorHandler((ConsumerAwareRecordRecoverer) (record, consumer, exception) -> {
            deadLetters.accept(record, consumer, asItsReason(exception));
            FailurePolicy.logSent(record, exception);
        }, retry.backOff());
        handler.addNotRetryableExceptions(MalformedEventException.class, RenderFailedException.class,
                RecordTooLargeException.class);
        factory.setCommonErrorHandler(handler);
        // a named replica is a static member here too, under this path's group
        Replicas.instanceId(instanceId).ifPresent(id -> factory.setContainerCustomizer(container -> container
                .getContainerProperties().getKafkaConsumerProperties()
                .setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, Replicas.groupInstanceId(groupId, id))));
        return factory;
    }

    /**
     * The failure as the dead letter's {@code kafka_dlt-exception-message} should say it: the reason alone, where it
     * said the container's wrapper first ("Listener method 'void ...on(...)' threw exception; ..."). Wrapped again as
     * the container wraps it, but without a message of its own: the dead letter keeps its consumer group and names
     * the reason's class, as {@link FailurePolicy}'s do.
     */
    private static Exception asItsReason(Exception failure) {
        if (failure instanceof ListenerExecutionFailedException wrapped && wrapped.getCause() != null) {
            return new ListenerExecutionFailedException(null, wrapped.getGroupId(), wrapped.getCause());
        }
        return failure;
    }

    /** A template of its own from the factory that sends outside any transaction. */
    public static KafkaTemplate<String, byte[]> nonTransactional(ProducerFactory<String, byte[]> producers) {
        var template = new KafkaTemplate<>(producers);
        template.setAllowNonTransactional(true);
        return template;
    }
}
