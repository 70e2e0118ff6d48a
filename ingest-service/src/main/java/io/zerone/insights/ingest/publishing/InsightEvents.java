package io.zerone.insights.ingest.publishing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.events.Topics;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Writes events to {@link Topics#INSIGHT_EVENTS} and completes only once Kafka acknowledged them (acks=all). */
@Component
class InsightEvents {

    private final KafkaTemplate<String, byte[]> kafka;
    private final CloudEventCodec codec = new CloudEventCodec();
    private final IngestProperties properties;
    private final Timer ackLatency;

    InsightEvents(KafkaTemplate<String, byte[]> kafka, IngestProperties properties, MeterRegistry meters) {
        this.kafka = kafka;
        this.properties = properties;
        this.ackLatency = Timer.builder("insights.ingest.kafka.ack")
                .description("Time from send to Kafka's acknowledgement")
                .publishPercentileHistogram()
                .register(meters);
    }

    Mono<Void> write(InsightEvent event) {
        // send() blocks for metadata while the broker is away (up to max.block.ms): never on an event loop
        return Mono.fromCallable(() -> send(event))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::fromFuture)
                .elapsed()
                .doOnNext(sent -> ackLatency.record(sent.getT1(), TimeUnit.MILLISECONDS))
                .timeout(properties.ackTimeout())
                .onErrorMap(e -> !(e instanceof BrokerUnavailableException), BrokerUnavailableException::new)
                .then();
    }

    /**
     * A send that gives up (max.block.ms) after the request already answered 503 must not surface as an error
     * nobody can receive: it becomes a failed future, which a cancelled subscriber ignores.
     */
    private CompletableFuture<?> send(InsightEvent event) {
        try {
            return kafka.send(codec.toRecord(Topics.INSIGHT_EVENTS, event));
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
