package io.zerone.insights.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Measures publish to readable: the time from a 202 until GET /api/insights/{slug} on query-service answers 200.
 *
 * <p>When to ask comes from the projector itself: this LISTENs on the channel the projector NOTIFYs at the commit
 * of every batch (the changed slugs, space-separated, or {@code *}), and asks query-service once for each watched
 * slug it names. Polling every watched slug every few milliseconds instead (the first version) made thousands of
 * uncached 404 lookups a second at 200 publishes/s, which took the CPU the pipeline needed and made the latency it
 * measured: the instrument was the load. A slow fallback poll (every max(1 s, a quarter of the wait)) covers a
 * missed notification; without a database URL, or when LISTEN fails, it polls as before from {@code pollMillis}.
 */
final class ReadablePoller {

    private static final String CHANNEL = "insight_changed";

    private record Watch(String uri, long acceptedAt, Histogram toReadable) {
    }

    private final String query;
    private final long pollMillis;
    private final long timeoutNanos;
    // one event loop thread: every answer (and so every record into the histograms) is handled on it
    private final HttpClient client = HttpClient.create(ConnectionProvider.builder("readable").maxConnections(64)
                    .pendingAcquireMaxCount(-1).build())
            .runOn(LoopResources.create("readable", 1, true))
            .responseTimeout(Duration.ofSeconds(10));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, Watch> watched = new ConcurrentHashMap<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile boolean notified;

    ReadablePoller(String query, long pollMillis, Duration timeout, String postgresUrl, String user, String password) {
        this.query = query;
        this.pollMillis = pollMillis;
        this.timeoutNanos = timeout.toNanos();
        if (postgresUrl != null && !postgresUrl.isBlank()) {
            listen(postgresUrl, user, password);
        }
    }

    private void listen(String url, String user, String password) {
        try {
            Connection connection = DriverManager.getConnection(url, user, password);
            try (Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
            }
            notified = true;
            Thread listener = new Thread(() -> receive(connection), "readable-notifications");
            listener.setDaemon(true);
            listener.start();
        } catch (Exception e) {
            System.err.println("readable: LISTEN " + CHANNEL + " failed (" + e + "); polling every slug instead");
        }
    }

    private void receive(Connection connection) {
        PGConnection notifications;
        try {
            notifications = connection.unwrap(PGConnection.class);
        } catch (Exception e) {
            notified = false;
            return;
        }
        while (!Thread.currentThread().isInterrupted()) {
            try {
                PGNotification[] received = notifications.getNotifications(1000);
                if (received == null) {
                    continue;
                }
                for (PGNotification notification : received) {
                    String payload = notification.getParameter();
                    List<String> slugs = "*".equals(payload) ? List.copyOf(watched.keySet()) : List.of(payload.split(" "));
                    for (String slug : slugs) {
                        Watch watch = watched.get(slug);
                        if (watch != null) {
                            ask(slug, watch, false);
                        }
                    }
                }
            } catch (Exception e) {
                System.err.println("readable: notifications stopped (" + e + "); the fallback polls go on");
                notified = false;
                return;
            }
        }
    }

    void watch(String slug, long acceptedAt, Histogram toReadable) {
        pending.incrementAndGet();
        Watch watch = new Watch(query + "/api/insights/" + slug, acceptedAt, toReadable);
        watched.put(slug, watch);
        // a batch may have committed between the 202 and this line: one early ask, then notifications or the fallback
        timer.schedule(() -> ask(slug, watch, true), notified ? 0 : pollMillis, TimeUnit.MILLISECONDS);
    }

    private void ask(String slug, Watch watch, boolean scheduled) {
        client.get().uri(watch.uri())
                .response()
                .map(response -> response.status().code())
                .onErrorReturn(0)
                .subscribe(status -> answered(slug, watch, scheduled, status));
    }

    private void answered(String slug, Watch watch, boolean scheduled, int status) {
        long now = System.nanoTime();
        if (status == 200) {
            if (watched.remove(slug, watch)) {
                watch.toReadable().recordValue((now - watch.acceptedAt()) / 1000);
                pending.decrementAndGet();
            }
        } else if (now - watch.acceptedAt() > timeoutNanos) {
            if (watched.remove(slug, watch)) {
                unreadable.incrementAndGet();
                pending.decrementAndGet();
            }
        } else if (scheduled && watched.get(slug) == watch) {
            long waitedMillis = (now - watch.acceptedAt()) / 1_000_000;
            long next = notified ? Math.max(1000, waitedMillis / 4) : Math.max(pollMillis, waitedMillis / 10);
            timer.schedule(() -> ask(slug, watch, true), next, TimeUnit.MILLISECONDS);
        }
    }

    /** Waits until every watched insight was readable or timed out; returns how many timed out. */
    long awaitAll() throws InterruptedException {
        while (pending.get() > 0) {
            Thread.sleep(50);
        }
        return unreadable.get();
    }
}
