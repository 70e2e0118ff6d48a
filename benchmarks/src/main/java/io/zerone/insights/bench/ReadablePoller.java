package io.zerone.insights.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * Polls GET /api/insights/{slug} on query-service every few milliseconds after a 202 until it answers 200, and
 * records the time since the 202. The interval grows with the wait (a tenth of it, at least {@code pollMillis}), so
 * that a figure is at most ~10% or one short interval late and a slow pipeline is not also flooded with polls.
 */
final class ReadablePoller {

    private final String query;
    private final long pollMillis;
    private final long timeoutNanos;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(2))
            .build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();

    ReadablePoller(String query, long pollMillis, Duration timeout) {
        this.query = query;
        this.pollMillis = pollMillis;
        this.timeoutNanos = timeout.toNanos();
    }

    void watch(String slug, long acceptedAt, Histogram toReadable) {
        pending.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(URI.create(query + "/api/insights/" + slug))
                .timeout(Duration.ofSeconds(10))
                .build();
        timer.schedule(() -> poll(request, acceptedAt, toReadable), pollMillis, TimeUnit.MILLISECONDS);
    }

    private void poll(HttpRequest request, long acceptedAt, Histogram toReadable) {
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            long now = System.nanoTime();
            if (error == null && response.statusCode() == 200) {
                toReadable.recordValue((now - acceptedAt) / 1000);
                pending.decrementAndGet();
            } else if (now - acceptedAt > timeoutNanos) {
                unreadable.incrementAndGet();
                pending.decrementAndGet();
            } else {
                long next = Math.max(pollMillis, (now - acceptedAt) / 10_000_000);
                timer.schedule(() -> poll(request, acceptedAt, toReadable), next, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Waits until every watched insight was readable or timed out; returns how many timed out. */
    long awaitAll() throws InterruptedException {
        while (pending.get() > 0) {
            Thread.sleep(50);
        }
        return unreadable.get();
    }
}
