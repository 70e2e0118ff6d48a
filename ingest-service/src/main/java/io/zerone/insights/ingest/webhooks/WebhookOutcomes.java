package io.zerone.insights.ingest.webhooks;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the listeners hand over: writes the deliveries of a batch of outcomes, then wakes this replica's dispatcher.
 * Blocking, on a listener's thread, so that the offsets are committed only after the rows are (outbox style); a
 * failure throws and the batch is read again. A row already written is not written twice.
 */
@Component
class WebhookOutcomes {

    private static final Logger log = LoggerFactory.getLogger(WebhookOutcomes.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final DeliveryStore store;
    private final WebhookProperties properties;
    private final WebhookDispatcher dispatcher;

    WebhookOutcomes(DeliveryStore store, WebhookProperties properties, WebhookDispatcher dispatcher) {
        this.store = store;
        this.properties = properties;
        this.dispatcher = dispatcher;
    }

    void record(List<Notification> notifications) {
        if (notifications.isEmpty()) {
            return;
        }
        Long written = store.record(notifications, properties.subscribers()).block(WRITE_TIMEOUT);
        log.debug("webhooks: {} deliveries for {} outcomes", written, notifications.size());
        if (written != null && written > 0) {
            dispatcher.wake();
        }
    }
}
