package io.zerone.insights.ingest.idempotency;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes keys older than the window. Every replica runs it; the deletes are idempotent, so no coordination is
 * needed. A key past the window is ignored by the claim even before it is purged.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class IdempotencyPurge {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyPurge.class);

    private final IdempotencyStore store;

    IdempotencyPurge(IdempotencyStore store) {
        this.store = store;
    }

    @Scheduled(fixedDelayString = "${insights.ingest.idempotency.purge-interval:1h}",
            initialDelayString = "${insights.ingest.idempotency.purge-interval:1h}")
    void purgeExpiredKeys() {
        try {
            Long purged = store.purgeExpired().block(Duration.ofSeconds(30));
            log.debug("purged {} expired idempotency keys", purged);
        } catch (RuntimeException e) {
            log.warn("purging expired idempotency keys failed; the next run tries again: {}", e.toString());
        }
    }
}
