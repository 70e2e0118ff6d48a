package io.zerone.insights.query.sync;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param tokenSecret the HMAC key that signs sync tokens; the same on every replica, or a consumer that moves to
 *        another replica gets 400
 * @param pageSize the most entries a page answers, and the default of {@code limit}
 * @param pageBytes what a page's insights may take before its last entry, as stored (title, summary, card and body
 *        HTML): a page ends with the entry that reaches it, so a page is at most this plus one insight, and never empty
 * @param retention how long the change log keeps an entry; a token older than the entries pruned is answered 410
 * @param pruneInterval how often a replica prunes the log
 */
@ConfigurationProperties("query.sync")
record SyncSettings(@DefaultValue("insights-sync-development-secret") String tokenSecret,
        @DefaultValue("100") int pageSize, @DefaultValue("8MB") DataSize pageBytes,
        @DefaultValue("30d") Duration retention, @DefaultValue("1h") Duration pruneInterval) {

    SyncSettings {
        if (tokenSecret.length() < 16) {
            throw new IllegalArgumentException("query.sync.token-secret must be at least 16 characters");
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("query.sync.page-size must be from 1 to 1000");
        }
        if (pageBytes.toBytes() < 1) {
            throw new IllegalArgumentException("query.sync.page-bytes must be positive");
        }
    }
}
