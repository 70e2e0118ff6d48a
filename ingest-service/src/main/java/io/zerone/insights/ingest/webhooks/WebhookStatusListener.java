package io.zerone.insights.ingest.webhooks;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.StatusEvent;
import io.zerone.insights.events.Topics;

/** insight-status: a revision that went live becomes insight.live, an unpublish that took effect insight.removed. */
@Component
class WebhookStatusListener {

    private static final Logger log = LoggerFactory.getLogger(WebhookStatusListener.class);

    private final CloudEventCodec codec = new CloudEventCodec();
    private final Notifications notifications;
    private final WebhookOutcomes outcomes;

    WebhookStatusListener(Notifications notifications, WebhookOutcomes outcomes) {
        this.notifications = notifications;
        this.outcomes = outcomes;
    }

    @KafkaListener(id = "webhooks-status", topics = Topics.INSIGHT_STATUS, groupId = WebhooksConfiguration.GROUP,
            containerFactory = WebhooksConfiguration.CONTAINER_FACTORY,
            autoStartup = WebhooksConfiguration.AUTO_STARTUP,
            properties = WebhooksConfiguration.NEW_GROUP_STARTS_AT_THE_END)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        List<Notification> batch = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String ceType = CloudEventCodec.header(record.headers(), CloudEventCodec.TYPE);
            try {
                if (ceType == null || record.value() == null) {
                    throw new MalformedEventException("no ce_type or no value");
                }
                if (codec.fromJson(record.value(), ceType) instanceof StatusEvent status) {
                    notifications.of(status).ifPresent(batch::add);
                }
            } catch (MalformedEventException e) {
                // insight-status is query-service's; its dead letters are not ours to write: skipped, as receipts do
                log.warn("webhooks: skipping {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                        e.getMessage());
            }
        }
        outcomes.record(batch);
    }
}
