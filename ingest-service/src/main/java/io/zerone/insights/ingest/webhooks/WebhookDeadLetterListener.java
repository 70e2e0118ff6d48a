package io.zerone.insights.ingest.webhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.Topics;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline's two dead-letter topics become insight.failed, with the reason spring-kafka's dead-letter publisher
 * wrote beside the record. render-service's (insight-events.DLT) holds the editor's own record, which may not be JSON,
 * so it is known by its {@code ce_id} header; query-service's (insight-rendered.DLT) holds a rendered record, known by
 * the value's {@code sourceEventId}. Both keyed by slug.
 */
@Component
class WebhookDeadLetterListener {

    /** The reason spring-kafka's dead-letter publisher writes beside every dead letter. */
    static final String REASON = "kafka_dlt-exception-message";

    private static final Logger log = LoggerFactory.getLogger(WebhookDeadLetterListener.class);

    private final JsonMapper json = JsonMapper.builder().build();
    private final Notifications notifications;
    private final WebhookOutcomes outcomes;

    WebhookDeadLetterListener(Notifications notifications, WebhookOutcomes outcomes) {
        this.notifications = notifications;
        this.outcomes = outcomes;
    }

    @KafkaListener(id = "webhooks-render-dlt", topics = Topics.INSIGHT_EVENTS_DLT, groupId = WebhooksConfiguration.GROUP,
            containerFactory = WebhooksConfiguration.CONTAINER_FACTORY,
            autoStartup = WebhooksConfiguration.AUTO_STARTUP,
            properties = WebhooksConfiguration.NEW_GROUP_STARTS_AT_THE_END)
    void onRenderDeadLetters(List<ConsumerRecord<String, byte[]>> records) {
        outcomes.record(failed(records, "render",
                record -> uuid(CloudEventCodec.header(record.headers(), CloudEventCodec.ID))));
    }

    @KafkaListener(id = "webhooks-projection-dlt", topics = Topics.INSIGHT_RENDERED_DLT,
            groupId = WebhooksConfiguration.GROUP, containerFactory = WebhooksConfiguration.CONTAINER_FACTORY,
            autoStartup = WebhooksConfiguration.AUTO_STARTUP,
            properties = WebhooksConfiguration.NEW_GROUP_STARTS_AT_THE_END)
    void onProjectionDeadLetters(List<ConsumerRecord<String, byte[]>> records) {
        outcomes.record(failed(records, "projection", this::sourceEventId));
    }

    private List<Notification> failed(List<ConsumerRecord<String, byte[]>> records, String stage,
            Function<ConsumerRecord<String, byte[]>, Optional<UUID>> publish) {
        List<Notification> batch = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Optional<UUID> eventId = publish.apply(record);
            if (eventId.isEmpty()) {
                log.warn("webhooks: skipping {}-{}@{}: no publish to report on", record.topic(), record.partition(),
                        record.offset());
                continue;
            }
            batch.add(notifications.failed(eventId.get(), record.key(), stage,
                    CloudEventCodec.header(record.headers(), REASON), Instant.ofEpochMilli(record.timestamp())));
        }
        return batch;
    }

    private Optional<UUID> sourceEventId(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            JsonNode id = json.readTree(record.value()).get("sourceEventId");
            return id == null || !id.isString() ? Optional.empty() : uuid(id.stringValue());
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
    }

    private static Optional<UUID> uuid(String value) {
        try {
            return Optional.ofNullable(value).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
