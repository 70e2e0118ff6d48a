package io.zerone.insights.render.pipeline;

import java.time.Clock;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AfterRollbackProcessor;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.EventTracing;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.rendering.InsightRenderer;

/** The topics this service writes, created on start when missing, and the pieces of the pipeline. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PipelineProperties.class, RetrySettings.class})
class PipelineConfiguration {

    /**
     * A rendered record holds the page and the body's text, about twice the Markdown, which ingest-service accepts
     * up to 1 MB; a DLT record adds a stack trace to the original. Kafka's default of 1 MiB per record is too small
     * for both. Keep spring.kafka.producer.properties.max.request.size in render-service.properties the same.
     */
    static final String MAX_MESSAGE_BYTES = String.valueOf(4 * 1024 * 1024);

    @Bean
    NewTopic insightRenderedTopic(PipelineProperties properties) {
        // compacted: the latest rendering of every slug stays, so query-service can rebuild from the start
        return TopicBuilder.name(Topics.INSIGHT_RENDERED)
                .partitions(properties.partitions())
                .configs(Topics.COMPACTED)
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES)
                .build();
    }

    @Bean
    NewTopic insightEventsDeadLetterTopic(PipelineProperties properties) {
        // not compacted: every failed record stays until retention ends, even several of one slug
        return TopicBuilder.name(Topics.INSIGHT_EVENTS_DLT)
                .partitions(properties.partitions())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES)
                .build();
    }

    @Bean
    RenderPipeline renderPipeline(InsightRenderer renderer) {
        return new RenderPipeline(new CloudEventCodec(), renderer, Clock.systemUTC());
    }

    /** Each record's trace, continued from its headers into the output's (docs/adr/0016); no-ops without tracing. */
    @Bean
    EventTracing eventTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new EventTracing(tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    @Bean
    FailurePolicy failurePolicy(KafkaTemplate<Object, Object> kafka, RetrySettings retry) {
        return new FailurePolicy(kafka, retry);
    }

    /** Boot's listener container factory picks this up; with transactions it is the error handler that applies. */
    @Bean
    AfterRollbackProcessor<Object, Object> afterRollbackProcessor(FailurePolicy failurePolicy) {
        return failurePolicy.afterRollback();
    }
}
