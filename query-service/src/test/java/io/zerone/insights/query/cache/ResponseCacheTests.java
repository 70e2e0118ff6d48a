package io.zerone.insights.query.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zerone.insights.query.web.DatabaseUnavailable;
import io.zerone.insights.query.web.Precompressed;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class ResponseCacheTests {

    private static final CacheKey LISTING = CacheKey.manyInsights("listing");

    private final ResponseCache cache = cache(100, DataSize.ofMegabytes(64));

    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void concurrentMissesShareOneLoad() {
        Mono<String> slowLoad = Mono.delay(Duration.ofMillis(200)).map(tick -> "page " + loads.incrementAndGet());

        var pages = Flux.range(0, 50).flatMap(i -> cache.get(LISTING, () -> slowLoad), 50).collectList().block();

        assertThat(loads).hasValue(1);
        assertThat(pages).hasSize(50).containsOnly("page 1");
    }

    @Test
    void invalidationMakesTheNextCallLoadAgain() {
        load(LISTING);

        cache.invalidateAll();

        assertThat(load(LISTING)).isTrue();
    }

    @Test
    void emptyResultIsNotCached() {
        Mono<String> nothing = Mono.fromRunnable(loads::incrementAndGet);

        cache.get(LISTING, () -> nothing).block();
        cache.get(LISTING, () -> nothing).block();

        assertThat(loads).hasValue(2);
    }

    @Test
    void changeOfOneSlugDropsItsEntriesAndEveryManyInsightsEntryButNoOtherSlugs() {
        CacheKey changedPage = article("changed");
        CacheKey changedJson = CacheKey.singleInsight("changed", "json");
        CacheKey otherPage = article("other");
        CacheKey stats = CacheKey.manyInsights("stats");
        load(changedPage);
        load(changedJson);
        load(otherPage);
        load(LISTING);
        load(stats);

        cache.invalidate(ChangedInsights.parse("changed"));

        assertThat(load(changedPage)).isTrue();
        assertThat(load(changedJson)).isTrue();
        assertThat(load(LISTING)).isTrue();
        assertThat(load(stats)).isTrue();
        assertThat(load(otherPage)).isFalse();
    }

    @Test
    void multiSlugChangeDropsEachNamedSlug() {
        load(article("first"));
        load(article("second"));
        load(article("third"));

        cache.invalidate(ChangedInsights.parse("first second"));

        assertThat(load(article("first"))).isTrue();
        assertThat(load(article("second"))).isTrue();
        assertThat(load(article("third"))).isFalse();
    }

    @Test
    void everythingChangedEmptiesTheCache() {
        load(article("first"));
        load(LISTING);

        cache.invalidate(ChangedInsights.parse("*"));

        assertThat(cache.size()).isZero();
    }

    @Test
    void loadInFlightWhenItsSlugChangesIsNotStored() {
        Sinks.One<String> slowRead = Sinks.one();
        var waiting = cache.get(article("changed"), slowRead::asMono).toFuture();

        cache.invalidate(ChangedInsights.parse("changed"));
        slowRead.tryEmitValue("read before the change");

        assertThat(waiting.join()).isEqualTo("read before the change");
        assertThat(load(article("changed"))).isTrue();
    }

    @Test
    void aFewLongPagesFillTheBytesTheCacheKeepsLongBeforeItsCountOfEntries() {
        // a long body's article is hundreds of kilobytes in its three codings: 2,000 of them outgrew the heap
        ResponseCache bounded = cache(100, DataSize.ofKilobytes(512));

        for (int i = 0; i < 20; i++) {
            bounded.get(article("long-" + i), () -> Mono.just(longPage())).block();
        }

        assertThat(bounded.size()).isBetween(1L, 5L);
    }

    @Test
    void shortPagesAreKeptUpToTheCountOfEntries() {
        ResponseCache bounded = cache(10, DataSize.ofMegabytes(64));

        for (int i = 0; i < 20; i++) {
            bounded.get(article("short-" + i), () -> Mono.just("a short page " + loads.incrementAndGet())).block();
        }

        assertThat(bounded.size()).isEqualTo(10);
    }

    @Test
    void aPageWeighsItsCodingsAndWhatItIsWrappedIn() {
        Precompressed page = Precompressed.page("é".repeat(50_000), "hash", new byte[20_000], new byte[15_000]);
        record Wrapped(boolean removed, Precompressed page) {
        }

        // the identity's 100,000 bytes of UTF-8 and both codings, wrapped in an endpoint's record or not
        assertThat(CachedBytes.of(page)).isBetween(135_000L, 136_000L);
        assertThat(CachedBytes.of(new Wrapped(false, page))).isEqualTo(CachedBytes.of(page));
    }

    private static ResponseCache cache(long entries, DataSize bytes) {
        return new ResponseCache(new CacheSettings(entries, bytes, Duration.ofMinutes(10), Duration.ofMillis(500),
                Duration.ofSeconds(15)), new SimpleMeterRegistry(), DatabaseUnavailable.retryingAfter(Duration.ofSeconds(5)));
    }

    /** An article of a long body in its codings: ~100 KB. */
    private static Precompressed longPage() {
        return Precompressed.page("a".repeat(70_000), "hash", new byte[20_000], new byte[15_000]);
    }

    private static CacheKey article(String slug) {
        return CacheKey.singleInsight(slug, "page");
    }

    /** Whether asking for the key loaded it (a miss) rather than answering from the cache. */
    private boolean load(CacheKey key) {
        int before = loads.get();
        cache.get(key, () -> Mono.fromCallable(loads::incrementAndGet)).block();
        return loads.get() > before;
    }
}
