package io.zerone.insights.query.cache;

import java.time.Duration;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy.FixedExpiration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.zerone.insights.query.web.DatabaseUnavailable;
import io.zerone.insights.query.web.ReadTimeout;
import reactor.core.publisher.Mono;

/**
 * Pages and list responses, ready to send. Caffeine's AsyncCache keeps the in-flight future of a miss in the map,
 * so N concurrent misses for one key subscribe to one database query (single flight). An empty result is not
 * cached. {@link InsightChanges} drops what a change affects whenever any replica's projector applied one; the
 * {@link CacheKey} of an entry says what that is. While the database is unreachable nothing expires
 * (stale-if-error): a visitor gets what the replica served last rather than an error, and no change can be missed
 * meanwhile, since none can be applied.
 */
@Component
public class ResponseCache {

    /** Longer than any outage, within what Caffeine accepts. */
    private static final Duration HELD = Duration.ofDays(365L * 100);

    private final AsyncCache<CacheKey, Object> cache;
    private final FixedExpiration<CacheKey, Object> expiry;
    private final Duration expireAfterWrite;
    private final DatabaseUnavailable databaseUnavailable;

    ResponseCache(CacheSettings settings, MeterRegistry meters, DatabaseUnavailable databaseUnavailable) {
        // one bound in Caffeine's weights for both: an entry weighs its bytes, and never less than the budget's share
        // of one entry, so the bytes stay within maximum-bytes and the entries within maximum-size
        long budget = settings.maximumSize() == 0 ? 0 : settings.maximumBytes().toBytes();
        long share = settings.maximumSize() == 0 ? 1 : Math.max(1, budget / settings.maximumSize());
        this.cache = Caffeine.newBuilder()
                .maximumWeight(budget)
                .weigher((CacheKey key, Object value) -> (int) Math.min(Integer.MAX_VALUE,
                        Math.max(share, CachedBytes.of(value))))
                .expireAfterWrite(settings.expireAfterWrite())
                .recordStats()
                .buildAsync();
        this.expiry = cache.synchronous().policy().expireAfterWrite().orElseThrow();
        this.expireAfterWrite = settings.expireAfterWrite();
        this.databaseUnavailable = databaseUnavailable;
        CaffeineCacheMetrics.monitor(meters, cache, "query.responses");
    }

    /**
     * The cached value of the key, or the one the loader gives; concurrent callers share one load. A load that fails
     * because the database is unreachable fails as a 503 problem ({@link DatabaseUnavailable}), and so does one whose
     * statement the database cancelled at the read timeout ({@link ReadTimeout}; the cause stays, so a page that
     * answers its own 503 still recognises it): every read goes through here, so no endpoint answers either with a
     * 500 for want of its own mapping.
     */
    @SuppressWarnings("unchecked")
    public <T> Mono<T> get(CacheKey key, Supplier<Mono<T>> loader) {
        // suppressCancel: a caller that goes away must not cancel the load the others wait for
        return Mono.fromFuture(() -> cache.get(key, (k, executor) -> loader.get().map(Object.class::cast).toFuture()),
                true).map(value -> (T) value)
                .onErrorMap(databaseUnavailable::translateRead);
    }

    /**
     * Drops every entry the change affects, loads in flight included (Caffeine does not store a future that was
     * removed before it completed). One pass over at most maximum-size keys takes microseconds, so a burst of
     * notifications needs no debouncing: each drops its entries once, and the next request per key reloads once.
     */
    void invalidate(ChangedInsights change) {
        if (change.everything()) {
            invalidateAll();
        } else {
            cache.asMap().entrySet().removeIf(entry -> change.affects(entry.getKey(), entry.getValue()));
        }
    }

    /** From now on entries stay however old they grow, until {@link #release()}: the database is unreachable. */
    void hold() {
        expiry.setExpiresAfter(HELD);
    }

    /** Entries expire after {@code expire-after-write} again: the database is back. */
    void release() {
        expiry.setExpiresAfter(expireAfterWrite);
    }

    public void invalidateAll() {
        cache.synchronous().invalidateAll();
    }

    /** The entries held once pending evictions are done. */
    long size() {
        cache.synchronous().cleanUp();
        return cache.synchronous().estimatedSize();
    }
}
