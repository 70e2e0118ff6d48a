package io.zerone.insights.ingest.webhooks;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes settled deliveries (delivered or failed) older than the retention, on every replica (a delete is safe to run
 * twice). Pending ones are kept whatever their age: they are still owed to a subscriber.
 */
@Component
@EnableScheduling
class DeliveryPurge {

    private static final Logger log = LoggerFactory.getLogger(DeliveryPurge.class);

    private final DeliveryStore store;
    private final WebhookProperties properties;

    DeliveryPurge(DeliveryStore store, WebhookProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${insights.webhooks.purge-interval:1h}",
            initialDelayString = "${insights.webhooks.purge-interval:1h}")
    void purgeSettledDeliveries() {
        if (!store.available()) {
            return;
        }
        try {
            Long purged = store.purgeSettled(properties.retention()).block(Duration.ofSeconds(30));
            log.debug("webhooks: purged {} settled deliveries", purged);
        } catch (RuntimeException e) {
            log.warn("webhooks: purging settled deliveries failed; the next run tries again: {}", e.toString());
        }
    }
}
