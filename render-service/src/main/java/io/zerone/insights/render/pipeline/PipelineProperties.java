package io.zerone.insights.render.pipeline;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.zerone.insights.events.Topics;

/**
 * @param partitions      partitions of the topics this service creates (env {@code INSIGHTS_RENDER_PIPELINE_PARTITIONS})
 * @param sendTimeout     how long the outputs of one batch may wait for the broker's acks before the batch rolls back
 */
@ConfigurationProperties("insights.render.pipeline")
record PipelineProperties(
        @DefaultValue("" + Topics.DEFAULT_PARTITIONS) int partitions,
        @DefaultValue("30s") Duration sendTimeout) {
}
