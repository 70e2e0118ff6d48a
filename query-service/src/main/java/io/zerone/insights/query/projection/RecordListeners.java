package io.zerone.insights.query.projection;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;

import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.Replicas;

/**
 * The failure policy of the listeners beside the projector's batches (previews, cases): record by record, at least
 * once. A record that is no event of its topic goes to the dead-letter topic with its reason at once; anything else
 * (the database away) is retried with the pipeline's back-off, without end.
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
        var handler = new DefaultErrorHandler(new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(deadLetterTopic, -1)), retry.backOffWithoutEnd());
        handler.addNotRetryableExceptions(MalformedEventException.class);
        factory.setCommonErrorHandler(handler);
        // a named replica is a static member here too, under this listener's group
        Replicas.instanceId(instanceId).ifPresent(id -> factory.setContainerCustomizer(container -> container
                .getContainerProperties().getKafkaConsumerProperties()
                .setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, Replicas.groupInstanceId(groupId, id))));
        return factory;
    }
}
