package io.zerone.insights.query.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class ResponseCacheTests {

    private final ResponseCache cache = new ResponseCache(
            new CacheSettings(100, Duration.ofMinutes(10), Duration.ofMillis(500)), new SimpleMeterRegistry());

    @Test
    void concurrentMissesShareOneLoad() {
        AtomicInteger loads = new AtomicInteger();
        Mono<String> slowLoad = Mono.delay(Duration.ofMillis(200)).map(tick -> "page " + loads.incrementAndGet());

        var pages = Flux.range(0, 50).flatMap(i -> cache.get("listing", () -> slowLoad), 50).collectList().block();

        assertThat(loads).hasValue(1);
        assertThat(pages).hasSize(50).containsOnly("page 1");
    }

    @Test
    void invalidationMakesTheNextCallLoadAgain() {
        AtomicInteger loads = new AtomicInteger();
        cache.get("listing", () -> Mono.fromCallable(loads::incrementAndGet)).block();

        cache.invalidateAll();
        Integer second = cache.get("listing", () -> Mono.fromCallable(loads::incrementAndGet)).block();

        assertThat(second).isEqualTo(2);
    }

    @Test
    void emptyResultIsNotCached() {
        AtomicInteger loads = new AtomicInteger();
        Mono<String> nothing = Mono.fromRunnable(loads::incrementAndGet);

        cache.get("unknown", () -> nothing).block();
        cache.get("unknown", () -> nothing).block();

        assertThat(loads).hasValue(2);
    }
}
