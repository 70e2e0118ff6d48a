package io.zerone.insights.query.preview;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.backoff.ExponentialBackOff;

import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.Replicas;
import io.zerone.insights.events.Topics;

/**
 * The preview store's container and failure policy, apart from the projector's: a record that is no rendered preview
 * goes to {@link Topics#INSIGHT_PREVIEWS_RENDERED_DLT} with its reason at once; anything else (the database away) is
 * retried with the pipeline's back-off, without end.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PreviewSettings.class)
@EnableScheduling
class PreviewConfiguration {

    static final String CONTAINER_FACTORY = "previewContainerFactory";

    @Bean
    NewTopic previewDeadLetterTopic() {
        return TopicBuilder.name(Topics.INSIGHT_PREVIEWS_RENDERED_DLT).partitions(1).build();
    }

    @Bean(CONTAINER_FACTORY)
    @SuppressWarnings({"unchecked", "rawtypes"})
    ConcurrentKafkaListenerContainerFactory<Object, Object> previewContainerFactory(ConsumerFactory<?, ?> consumers,
            KafkaOperations<Object, Object> kafka,
            @Value("${insights.pipeline.retry.initial-interval:500ms}") java.time.Duration initialInterval,
            @Value("${insights.pipeline.retry.multiplier:2}") double multiplier,
            @Value("${insights.pipeline.retry.max-interval:5s}") java.time.Duration maxInterval,
            @Value("${insights.instance-id:}") String instanceId) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        factory.setConsumerFactory((ConsumerFactory) consumers);
        var backOff = new ExponentialBackOff(initialInterval.toMillis(), multiplier);
        backOff.setMaxInterval(maxInterval.toMillis());
        var handler = new DefaultErrorHandler(new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(Topics.INSIGHT_PREVIEWS_RENDERED_DLT, -1)), backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class);
        factory.setCommonErrorHandler(handler);
        // a named replica is a static member here too, under the preview store's group
        Replicas.instanceId(instanceId).ifPresent(id -> factory.setContainerCustomizer(container -> container
                .getContainerProperties().getKafkaConsumerProperties()
                .setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                        Replicas.groupInstanceId(Topics.PREVIEW_STORE_GROUP, id))));
        return factory;
    }
}
