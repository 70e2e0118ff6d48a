package io.zerone.insights.ingest.receipts;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.util.backoff.ExponentialBackOff;

import io.zerone.insights.events.Topics;

/**
 * The receipt listeners' shared settings, and the retention purge. Each listener reads one topic in group
 * {@link Topics#RECEIPTS_GROUP} (read_committed, from the earliest offset for a new group: see the properties file),
 * so with several replicas each record moves its receipt once, in one replica, and every replica's waiters hear of it
 * through the database.
 */
@Configuration(proxyBeanMethods = false)
class ReceiptsConfiguration {

    /** Overridable only so that a test can keep its own offsets apart from other contexts on a shared broker. */
    static final String GROUP = "${insights.ingest.receipts.group-id:" + Topics.RECEIPTS_GROUP + "}";

    /** Without a database there are no receipts to move: the listeners stay off and leave the group to replicas with one. */
    static final String AUTO_STARTUP = "#{@receiptStore.available()}";

    private static final Logger log = LoggerFactory.getLogger(ReceiptsConfiguration.class);

    private final ReceiptStore store;

    ReceiptsConfiguration(ReceiptStore store) {
        this.store = store;
    }

    /**
     * The only failure a listener throws is the database's (a record it cannot read is skipped): the poll retried with
     * back-off without end, so that no step is lost while PostgreSQL is away; the partition waits meanwhile.
     */
    @Bean
    CommonErrorHandler receiptErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(Duration.ofSeconds(10).toMillis());
        return new DefaultErrorHandler(backOff);
    }

    @Scheduled(fixedDelayString = "${insights.ingest.receipts.purge-interval:1h}",
            initialDelayString = "${insights.ingest.receipts.purge-interval:1h}")
    void purgeExpiredReceipts() {
        if (!store.available()) {
            return;
        }
        try {
            Long purged = store.purgeExpired().block(Duration.ofSeconds(30));
            log.debug("purged {} expired receipts", purged);
        } catch (RuntimeException e) {
            log.warn("purging expired receipts failed; the next run tries again: {}", e.toString());
        }
    }
}
