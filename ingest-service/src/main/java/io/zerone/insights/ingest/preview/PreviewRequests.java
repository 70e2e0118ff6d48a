package io.zerone.insights.ingest.preview;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.PreviewRequested;
import io.zerone.insights.events.Topics;
import io.zerone.insights.ingest.publishing.BrokerUnavailableException;
import io.zerone.insights.ingest.publishing.IngestProperties;
import io.zerone.insights.ingest.publishing.PublishRequest;
import io.zerone.insights.ingest.publishing.PublishRequestReader;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Turns a draft into a {@link PreviewRequested} on {@link Topics#INSIGHT_PREVIEWS}, validated by the publishing
 * rules themselves, and completes once Kafka acknowledged it, bounded by the publishing ack timeout as a publish is.
 */
@Component
class PreviewRequests {

    private final KafkaTemplate<String, byte[]> kafka;
    private final CloudEventCodec codec = new CloudEventCodec();
    private final PublishRequestReader reader;
    private final PreviewProperties previews;
    private final IngestProperties publishing;
    private final Clock clock;

    PreviewRequests(KafkaTemplate<String, byte[]> kafka, PreviewProperties previews, IngestProperties publishing,
            Clock clock) {
        this.kafka = kafka;
        this.reader = new PublishRequestReader(clock);
        this.previews = previews;
        this.publishing = publishing;
        this.clock = clock;
    }

    /** @throws io.zerone.insights.ingest.publishing.InvalidInsightException as a publish of the same JSON would */
    PreviewRequested request(String clientId, JsonNode json) {
        PublishRequest draft = reader.read(json);
        var now = clock.instant();
        return new PreviewRequested(UUID.randomUUID(), now, clientId, PreviewTokens.next(), now.plus(previews.ttl()),
                draft.insight(), draft.body());
    }

    Mono<PreviewRequested> write(PreviewRequested event) {
        // send() blocks for metadata while the broker is away (up to max.block.ms): never on an event loop
        return Mono.fromCallable(() -> send(event))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::fromFuture)
                .timeout(publishing.ackTimeout())
                .onErrorMap(e -> !(e instanceof BrokerUnavailableException), BrokerUnavailableException::new)
                .thenReturn(event);
    }

    private CompletableFuture<?> send(PreviewRequested event) {
        try {
            return kafka.send(codec.toRecord(Topics.INSIGHT_PREVIEWS, event));
        } catch (KafkaException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TopicDeclaration {

        /** Not compacted, and short-lived: a token is written once, and a draft is not history. */
        @Bean
        NewTopic insightPreviewsTopic(PreviewProperties properties) {
            return TopicBuilder.name(Topics.INSIGHT_PREVIEWS)
                    .partitions(properties.partitions())
                    .configs(Topics.PREVIEWS)
                    .build();
        }
    }
}
