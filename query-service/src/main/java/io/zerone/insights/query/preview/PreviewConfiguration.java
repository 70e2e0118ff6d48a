package io.zerone.insights.query.preview;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.zerone.insights.events.Topics;
import io.zerone.insights.query.projection.RecordListeners;
import io.zerone.insights.query.projection.RetrySettings;

/**
 * The preview store's container and failure policy, apart from the projector's: a record that is no rendered preview
 * goes to {@link Topics#INSIGHT_PREVIEWS_RENDERED_DLT} with its reason at once, one the database rejects after
 * {@code dead-letter-after} with the database's reason; anything else (the database away) is retried without end
 * ({@link RecordListeners}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PreviewSettings.class)
@EnableScheduling
class PreviewConfiguration {

    static final String CONTAINER_FACTORY = "previewContainerFactory";

    @Bean
    NewTopic previewDeadLetterTopic() {
        return TopicBuilder.name(Topics.INSIGHT_PREVIEWS_RENDERED_DLT).partitions(1).configs(Topics.LARGE_RECORDS).build();
    }

    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> previewContainerFactory(ConsumerFactory<?, ?> consumers,
            KafkaOperations<Object, Object> kafka, RetrySettings retry,
            @Value("${insights.instance-id:}") String instanceId) {
        return RecordListeners.containerFactory(consumers, kafka, Topics.INSIGHT_PREVIEWS_RENDERED_DLT,
                Topics.PREVIEW_STORE_GROUP, retry, instanceId);
    }
}
