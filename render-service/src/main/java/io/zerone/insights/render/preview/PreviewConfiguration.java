package io.zerone.insights.render.preview;

import java.time.Clock;
import java.time.Duration;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.pipeline.AtLeastOnce;
import io.zerone.insights.render.pipeline.RecordSizeLimit;
import io.zerone.insights.render.pipeline.RetrySettings;
import io.zerone.insights.render.rendering.InsightRenderer;

/**
 * The preview path of render-service: its topics, its own non-transactional producer and container, and its failure
 * policy. A preview that can never be rendered goes to {@link Topics#INSIGHT_PREVIEWS_DLT} with the reason at once;
 * anything else (the broker away) is retried with the pipeline's back-off, without end. Nothing here touches the
 * insights' transactional producer, whose transactional ids a named replica counts exactly (docs/adr/0015).
 */
@Configuration(proxyBeanMethods = false)
class PreviewConfiguration {

    static final String CONTAINER_FACTORY = "previewContainerFactory";

    /** As large as the pages of insight-rendered (render-service.properties: max.request.size). */
    private static final String MAX_MESSAGE_BYTES = String.valueOf(4 * 1024 * 1024);

    @Bean
    NewTopic insightPreviewsRenderedTopic(@Value("${insights.render.pipeline.partitions:6}") int partitions) {
        return TopicBuilder.name(Topics.INSIGHT_PREVIEWS_RENDERED)
                .partitions(partitions)
                .configs(Topics.PREVIEWS)
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES)
                .build();
    }

    @Bean
    NewTopic insightPreviewsDeadLetterTopic() {
        return TopicBuilder.name(Topics.INSIGHT_PREVIEWS_DLT)
                .partitions(1)
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES)
                .build();
    }

    @Bean
    PreviewListener previewListener(InsightRenderer renderer, ProducerFactory<String, byte[]> producers,
            @Value("${insights.render.pipeline.send-timeout:30s}") Duration sendTimeout) {
        return new PreviewListener(new PreviewRendering(new CloudEventCodec(), renderer, Clock.systemUTC(),
                RecordSizeLimit.of(producers.getConfigurationProperties())), nonTransactional(producers),
                sendTimeout.toMillis());
    }

    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, byte[]> previewContainerFactory(
            ConsumerFactory<String, byte[]> consumers, ProducerFactory<String, byte[]> producers, RetrySettings retry,
            @Value("${insights.instance-id:}") String instanceId) {
        return AtLeastOnce.containerFactory(consumers, producers, Topics.INSIGHT_PREVIEWS_DLT,
                Topics.RENDER_PREVIEWS_GROUP, retry, instanceId);
    }

    /**
     * Sends outside any transaction, with a producer of its own from the factory: the transactional ones belong to
     * the insights' listener.
     */
    private static KafkaTemplate<String, byte[]> nonTransactional(ProducerFactory<String, byte[]> producers) {
        return AtLeastOnce.nonTransactional(producers);
    }
}
