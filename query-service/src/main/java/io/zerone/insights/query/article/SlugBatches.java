package io.zerone.insights.query.article;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.springframework.dao.QueryTimeoutException;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Lookups by slug that arrive while {@code statements} of them are running go together in the next statement, up to
 * {@code maxSlugs} slugs ("natural batching": no window, no timer). On its own a lookup runs at once, as it did
 * alone; under load, when many requests miss the cache at the same moment, one statement and one round trip serve a
 * dozen of them, where each paid for its own (PostgreSQL's parse, bind and execute, the driver's conversation), which
 * is most of what a lookup by key costs. A slug asked for twice in a batch is read once; a slug the statement returns
 * no row for completes empty; a failed statement fails each of its lookups with its error.
 */
final class SlugBatches<T> {

    private record Lookup<T>(String slug, MonoSink<T> sink, AtomicBoolean gone) {
    }

    private final Function<List<String>, Flux<T>> statement;
    private final Function<T, String> slugOf;
    private final int statements;
    private final int maxSlugs;
    private final Duration timeout;
    private final Queue<Lookup<T>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();

    /**
     * @param statement reads the rows of the given distinct slugs, one row a slug at most
     * @param slugOf the slug a row belongs to
     * @param statements how many statements may run at once (each holds a pooled connection)
     * @param maxSlugs the most slugs one statement reads
     * @param timeout the longest a lookup waits for its answer, and a statement without a row or its end
     */
    SlugBatches(Function<List<String>, Flux<T>> statement, Function<T, String> slugOf, int statements, int maxSlugs,
            Duration timeout) {
        this.statement = statement;
        this.slugOf = slugOf;
        this.statements = statements;
        this.maxSlugs = maxSlugs;
        this.timeout = timeout;
    }

    Mono<T> find(String slug) {
        return Mono.<T>create(sink -> {
            Lookup<T> lookup = new Lookup<>(slug, sink, new AtomicBoolean());
            sink.onCancel(() -> lookup.gone().set(true));
            waiting.add(lookup);
            drain();
        }).timeout(timeout, Mono.error(() -> new QueryTimeoutException(
                "No answer from PostgreSQL within " + timeout + " to a lookup by slug")));
    }

    /**
     * Starts statements while fewer than {@code statements} run and lookups wait. Called after each lookup is queued
     * and after each statement ends, so a lookup queued while all statements run goes with the next to end.
     */
    private void drain() {
        while (!waiting.isEmpty()) {
            int now = running.get();
            if (now >= statements) {
                return;
            }
            if (!running.compareAndSet(now, now + 1)) {
                continue;
            }
            Map<String, List<MonoSink<T>>> batch = new HashMap<>();
            Lookup<T> lookup;
            while (batch.size() < maxSlugs && (lookup = waiting.poll()) != null) {
                if (lookup.gone().get()) {
                    continue;
                }
                batch.computeIfAbsent(lookup.slug(), slug -> new ArrayList<>(1)).add(lookup.sink());
            }
            if (batch.isEmpty()) {
                // another drain took them between the check and the poll, or they had given up
                running.decrementAndGet();
                continue;
            }
            run(batch);
        }
    }

    private void run(Map<String, List<MonoSink<T>>> batch) {
        Flux.defer(() -> statement.apply(List.copyOf(batch.keySet())))
                .timeout(timeout)
                .onErrorMap(TimeoutException.class, late -> new QueryTimeoutException(
                        "No answer from PostgreSQL within " + timeout + " to a lookup of " + batch.size() + " slugs",
                        late))
                .doFinally(signal -> {
                    running.decrementAndGet();
                    drain();
                })
                .subscribe(row -> {
                    List<MonoSink<T>> sinks = batch.remove(slugOf.apply(row));
                    if (sinks != null) {
                        sinks.forEach(sink -> sink.success(row));
                    }
                }, error -> batch.values().forEach(sinks -> sinks.forEach(sink -> sink.error(error))),
                        () -> batch.values().forEach(sinks -> sinks.forEach(MonoSink::success)));
    }
}
