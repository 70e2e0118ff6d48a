package io.zerone.insights.query.preview;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes expired previews every {@code query.previews.cleanup-interval}. Every replica may run it: a delete by
 * expiry is the same whoever runs it, and a failed run (the database away) is simply the next one's work.
 */
@Component
@ConditionalOnBooleanProperty(name = "query.projection.rebuild", havingValue = false, matchIfMissing = true)
class PreviewCleanup {

    private static final Logger log = LoggerFactory.getLogger(PreviewCleanup.class);

    private final StoredPreviews previews;

    PreviewCleanup(StoredPreviews previews) {
        this.previews = previews;
    }

    @Scheduled(fixedDelayString = "${query.previews.cleanup-interval:1m}",
            initialDelayString = "${query.previews.cleanup-interval:1m}")
    void deleteExpired() {
        try {
            Long deleted = previews.deleteExpired().block(Duration.ofSeconds(30));
            if (deleted != null && deleted > 0) {
                log.debug("deleted {} expired previews", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("could not delete expired previews now: {}", e.toString());
        }
    }
}
