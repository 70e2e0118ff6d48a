package io.zerone.insights.render.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.zerone.insights.events.EventTracing;
import io.zerone.insights.events.Topics;

/**
 * The Kafka adapter: takes a poll's records as one batch, inside one Kafka transaction of the container, so the
 * batch's outputs, its dead letters and its consumed offsets commit together or not at all
 * (docs/adr/0004-exactly-once-rendering.md). Failures are judged by {@link FailurePolicy}. spring-kafka observes
 * records one by one, not batches: each record's work runs in a span that continues the trace its headers carry, and
 * the output carries that span on (docs/adr/0016-tracing-across-kafka.md).
 */
@Component
class InsightEventsListener {

    static final String ID = "render-insight-events";

    private static final Logger log = LoggerFactory.getLogger(InsightEventsListener.class);

    private final RenderPipeline pipeline;
    private final FailurePolicy failures;
    private final KafkaTemplate<String, byte[]> kafka;
    private final RecordSizeLimit sizeLimit;
    private final PipelineProperties properties;
    private final EventTracing tracing;

    InsightEventsListener(RenderPipeline pipeline, FailurePolicy failures, KafkaTemplate<String, byte[]> kafka,
            PipelineProperties properties, EventTracing tracing) {
        this.pipeline = pipeline;
        this.failures = failures;
        this.kafka = kafka;
        this.sizeLimit = RecordSizeLimit.of(kafka.getProducerFactory().getConfigurationProperties());
        this.properties = properties;
        this.tracing = tracing;
    }

    @KafkaListener(id = ID, groupId = Topics.RENDER_GROUP, topics = Topics.INSIGHT_EVENTS, batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) throws InterruptedException, ExecutionException, TimeoutException {
        List<CompletableFuture<?>> sends = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            Span span = tracing.continueTrace(record.headers(), "render " + Topics.INSIGHT_EVENTS);
            try (Tracer.SpanInScope scope = tracing.inScope(span)) {
                ProducerRecord<String, byte[]> output;
                try {
                    output = pipeline.process(record);
                    // the trace headers first: the size check counts them
                    tracing.continueChain(span.context(), record.headers(), output.headers());
                    sizeLimit.check(output);
                } catch (RuntimeException failure) {
                    span.error(failure);
                    failures.deadLetterOrRethrow(record, failure);
                    continue;
                }
                log.debug("rendered {} from {}-{}@{}", record.key(), record.topic(), record.partition(),
                        record.offset());
                // not waited for one by one: the producer batches and compresses the outputs while the next renders
                sends.add(kafka.send(output));
            } finally {
                span.end();
            }
        }
        // the batch is complete, so nothing is gained by lingering; then a failed send fails the batch here, which
        // rolls it back and retries it, instead of surfacing later as a failed commit
        kafka.flush();
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
