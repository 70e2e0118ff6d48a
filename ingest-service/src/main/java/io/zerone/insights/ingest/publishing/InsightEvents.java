package io.zerone.insights.ingest.publishing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.EventTracing;
import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.events.Topics;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.ContextView;

/**
 * Writes events to {@link Topics#INSIGHT_EVENTS} (and, for the cases, any record of the editorial topics) and completes
 * only once Kafka acknowledged them (acks=all).
 */
@Component
public class InsightEvents {

    private static final Logger log = LoggerFactory.getLogger(InsightEvents.class);
    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

    private final KafkaTemplate<String, byte[]> kafka;
    private final CloudEventCodec codec = new CloudEventCodec();
    private final IngestProperties properties;
    private final EventTracing tracing;
    private final Timer ackLatency;

    InsightEvents(KafkaTemplate<String, byte[]> kafka, IngestProperties properties, EventTracing tracing,
            MeterRegistry meters) {
        checkProducerGivesUpFirst(kafka.getProducerFactory().getConfigurationProperties(), properties.ackTimeout());
        this.kafka = kafka;
        this.properties = properties;
        this.tracing = tracing;
        this.ackLatency = Timer.builder("insights.ingest.kafka.ack")
                .description("Time from send to Kafka's acknowledgement")
                .publishPercentileHistogram()
                .register(meters);
    }

    /**
     * A send may block for max.block.ms and then retry for delivery.timeout.ms; a request that answered 503 before
     * its producer gave up leaves a record that may still be stored, after the client moved on (a DELETE answered 503
     * and then a new POST of the slug through another replica would see the late DELETE win). So the producer must
     * have given up, one way or the other, before the ack timeout answers the request.
     *
     * @param producer the producer's configuration; an absent setting is Kafka's default
     * @throws IllegalStateException when the ack timeout does not exceed max.block.ms + delivery.timeout.ms
     */
    static void checkProducerGivesUpFirst(Map<String, Object> producer, Duration ackTimeout) {
        long maxBlock = millis(producer.get(ProducerConfig.MAX_BLOCK_MS_CONFIG), 60_000);
        long delivery = millis(producer.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG), 120_000);
        if (ackTimeout.toMillis() <= maxBlock + delivery) {
            throw new IllegalStateException("insights.ingest.publishing.ack-timeout (" + ackTimeout.toMillis()
                    + " ms) must exceed the producer's max.block.ms + delivery.timeout.ms (" + maxBlock + " + "
                    + delivery + " ms): else a request answers 503 while its event may still be sent and stored "
                    + "after the client moved on");
        }
    }

    /** Kafka takes a number or its text for a setting in milliseconds. */
    private static long millis(Object value, long kafkaDefault) {
        if (value == null) {
            return kafkaDefault;
        }
        return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().strip());
    }

    Mono<Void> write(InsightEvent event) {
        return write(codec.toRecord(Topics.INSIGHT_EVENTS, event),
                event.getClass().getSimpleName() + " of " + event.slug());
    }

    /** Sends the record, bounded by the ack timeout, with the request's trace; fails as BrokerUnavailableException. */
    public Mono<Void> write(ProducerRecord<String, byte[]> record, String what) {
        // send() blocks for metadata while the broker is away (up to max.block.ms): never on an event loop
        return Mono.deferContextual(request -> Mono.fromCallable(() -> send(record, what, request))
                        .subscribeOn(Schedulers.boundedElastic()))
                // the ack timeout runs from send(), as the producer's own bounds do: a wait for a thread of the
                // elastic pool before it must not let the request answer 503 while the producer still tries
                .flatMap(future -> Mono.fromFuture(future).timeout(properties.ackTimeout()))
                .elapsed()
                .doOnNext(sent -> ackLatency.record(sent.getT1(), TimeUnit.MILLISECONDS))
                .onErrorMap(e -> !(e instanceof BrokerUnavailableException), BrokerUnavailableException::new)
                .then();
    }

    /**
     * A send that gives up (max.block.ms) after the request already answered 503 must not surface as an error
     * nobody can receive: it becomes a failed future, which a cancelled subscriber ignores.
     */
    private CompletableFuture<?> send(ProducerRecord<String, byte[]> record, String what, ContextView request) {
        // the request's observation on this thread, for this send only (no global Reactor hook): its span goes into
        // the record's headers, and the log line carries its trace
        try (ContextSnapshot.Scope trace = SNAPSHOTS.setThreadLocalsFrom(request)) {
            Span span = tracing.currentSpan();
            if (span != null) {
                tracing.startChain(span.context(), record.headers());
            }
            log.debug("publishing {}", what);
            return kafka.send(record);
        } catch (KafkaException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TopicDeclaration {

        /** Compacted and keyed by slug: a replay rebuilds the latest state of every insight. */
        @Bean
        NewTopic insightEventsTopic(IngestProperties properties) {
            return TopicBuilder.name(Topics.INSIGHT_EVENTS)
                    .partitions(properties.partitions())
                    .configs(Topics.COMPACTED)
                    .build();
        }
    }
}
