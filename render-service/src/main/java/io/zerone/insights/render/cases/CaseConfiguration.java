package io.zerone.insights.render.cases;

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
import org.springframework.kafka.core.ProducerFactory;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.pipeline.AtLeastOnce;
import io.zerone.insights.render.pipeline.RetrySettings;
import io.zerone.insights.render.rendering.CaseRenderer;

/**
 * The case path of render-service: its topics, its container and its failure policy ({@link AtLeastOnce}). A case
 * that can never be rendered goes to {@link Topics#CASE_EVENTS_DLT} with the reason.
 */
@Configuration(proxyBeanMethods = false)
class CaseConfiguration {

    static final String CONTAINER_FACTORY = "caseContainerFactory";

    /** As large as the pages of insight-rendered (render-service.properties: max.request.size). */
    private static final String MAX_MESSAGE_BYTES = String.valueOf(4 * 1024 * 1024);

    /** Compacted: the latest rendering of every case stays, so query-service can rebuild from the start. */
    @Bean
    NewTopic caseRenderedTopic(@Value("${insights.render.pipeline.partitions:6}") int partitions) {
        return TopicBuilder.name(Topics.CASE_RENDERED)
                .partitions(partitions)
                .configs(Topics.COMPACTED)
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES)
                .build();
    }

    /** Not compacted: every failed record stays until retention ends. */
    @Bean
    NewTopic caseEventsDeadLetterTopic() {
        return TopicBuilder.name(Topics.CASE_EVENTS_DLT)
                .partitions(1)
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES)
                .build();
    }

    @Bean
    CaseListener caseListener(CaseRenderer renderer, ProducerFactory<String, byte[]> producers,
            @Value("${insights.render.pipeline.send-timeout:30s}") Duration sendTimeout) {
        return new CaseListener(new CaseRendering(new CloudEventCodec(), renderer, Clock.systemUTC()),
                AtLeastOnce.nonTransactional(producers), sendTimeout.toMillis());
    }

    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, byte[]> caseContainerFactory(
            ConsumerFactory<String, byte[]> consumers, ProducerFactory<String, byte[]> producers, RetrySettings retry,
            @Value("${insights.instance-id:}") String instanceId) {
        return AtLeastOnce.containerFactory(consumers, producers, Topics.CASE_EVENTS_DLT, Topics.RENDER_CASES_GROUP,
                retry, instanceId);
    }
}
