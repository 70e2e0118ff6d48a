package io.zerone.insights.render.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.Topics;

/**
 * The Kafka adapter: takes a poll's records as one batch, inside one Kafka transaction of the container, so the
 * batch's outputs, its dead letters and its consumed offsets commit together or not at all
 * (docs/adr/0004-exactly-once-rendering.md). Failures are judged by {@link FailurePolicy}.
 */
@Component
class InsightEventsListener {

    static final String ID = "render-insight-events";

    private final RenderPipeline pipeline;
    private final FailurePolicy failures;
    private final KafkaTemplate<String, byte[]> kafka;
    private final RecordSizeLimit sizeLimit;
    private final PipelineProperties properties;

    InsightEventsListener(RenderPipeline pipeline, FailurePolicy failures, KafkaTemplate<String, byte[]> kafka,
            PipelineProperties properties) {
        this.pipeline = pipeline;
        this.failures = failures;
        this.kafka = kafka;
        this.sizeLimit = RecordSizeLimit.of(kafka.getProducerFactory().getConfigurationProperties());
        this.properties = properties;
    }

    @KafkaListener(id = ID, groupId = Topics.RENDER_GROUP, topics = Topics.INSIGHT_EVENTS, batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) throws InterruptedException, ExecutionException, TimeoutException {
        List<CompletableFuture<?>> sends = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            ProducerRecord<String, byte[]> output;
            try {
                output = sizeLimit.check(pipeline.process(record));
            } catch (RuntimeException failure) {
                failures.deadLetterOrRethrow(record, failure);
                continue;
            }
            // not waited for one by one: the producer batches and compresses the outputs while the next renders
            sends.add(kafka.send(output));
        }
        // the batch is complete, so nothing is gained by lingering; then a failed send fails the batch here, which
        // rolls it back and retries it, instead of surfacing later as a failed commit
        kafka.flush();
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
