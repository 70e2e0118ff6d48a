package io.zerone.insights.render.pipeline;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.Topics;

/**
 * The Kafka adapter: runs inside the container's Kafka transaction, so the rendered record and the consumed
 * offset commit together or not at all (docs/adr/0004-exactly-once-rendering.md). Failures are judged by
 * {@link FailurePolicy}.
 */
@Component
class InsightEventsListener {

    static final String ID = "render-insight-events";
    static final String GROUP = "render-service";

    private final RenderPipeline pipeline;
    private final KafkaTemplate<String, byte[]> kafka;
    private final PipelineProperties properties;

    InsightEventsListener(RenderPipeline pipeline, KafkaTemplate<String, byte[]> kafka, PipelineProperties properties) {
        this.pipeline = pipeline;
        this.kafka = kafka;
        this.properties = properties;
    }

    @KafkaListener(id = ID, groupId = GROUP, topics = Topics.INSIGHT_EVENTS)
    void on(ConsumerRecord<String, byte[]> record) throws InterruptedException, ExecutionException, TimeoutException {
        // waiting for the broker's ack surfaces a failed send here, on this record, rather than at commit
        kafka.send(pipeline.process(record)).get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
