package io.zerone.insights.query.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Every replica LISTENs on {@link #CHANNEL} over a connection of its own (not from the pool) and drops from its
 * {@link ResponseCache} what each notification says changed ({@link ChangedInsights}). The projector NOTIFYs in the
 * transaction that applies a batch, so a notification arrives only for a committed change. After the connection
 * breaks the whole cache is emptied once listening resumes, since notifications sent meanwhile are lost
 * (docs/adr/0008-cache-invalidation-with-listen-notify.md). Until then the database is taken to be unreachable and the
 * cache keeps what it holds, however old (stale-if-error): emptying it then would turn every read into an error.
 */
@Component
public class InsightChanges implements SmartLifecycle {

    /** The channel the projector notifies with the slugs it changed, space-separated, or {@code *}. */
    public static final String CHANNEL = "insight_changed";

    private static final Logger log = LoggerFactory.getLogger(InsightChanges.class);

    private final ConnectionFactory connections;
    private final ResponseCache cache;
    private final Duration reconnectBackoff;
    private volatile Disposable subscription;
    private volatile boolean listening;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sessions = new AtomicLong();

    InsightChanges(R2dbcConnectionDetails database, ResponseCache cache, CacheSettings settings) {
        this.connections = ConnectionFactories.get(database.getConnectionFactoryOptions());
        this.cache = cache;
        this.reconnectBackoff = settings.reconnectBackoff();
    }

    @Override
    public void start() {
        subscription = Flux.usingWhen(Mono.from(connections.create()).cast(PostgresqlConnection.class),
                        this::listen, connection -> connection.close())
                .doOnError(e -> {
                    listening = false;
                    cache.hold();
                    log.warn("Listening for {} failed, retrying: {}", CHANNEL, e.toString());
                })
                .retryWhen(Retry.backoff(Long.MAX_VALUE, reconnectBackoff).maxBackoff(Duration.ofSeconds(10)))
                .subscribe();
    }

    private Flux<String> listen(PostgresqlConnection connection) {
        return connection.createStatement("LISTEN " + CHANNEL).execute()
                .flatMap(PostgresqlResult::getRowsUpdated)
                .then(Mono.fromRunnable(() -> {
                    listening = true;
                    cache.invalidateAll();
                    cache.release();
                    sessions.incrementAndGet();
                }))
                .thenMany(connection.getNotifications())
                .map(notification -> {
                    String payload = notification.getParameter();
                    cache.invalidate(ChangedInsights.parse(payload));
                    received.incrementAndGet();
                    return String.valueOf(payload);
                })
                .concatWith(Mono.error(() -> new IllegalStateException("notification stream ended")));
    }

    /** Whether this replica currently receives notifications; a health indicator could report it. */
    public boolean listening() {
        return listening;
    }

    /** How many change notifications this replica received (and applied to its cache) since it started. */
    public long received() {
        return received.get();
    }

    /** How many times this replica started listening, the first time and after each break; each emptied the cache. */
    long sessions() {
        return sessions.get();
    }

    @Override
    public void stop() {
        listening = false;
        Disposable current = subscription;
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return subscription != null && !subscription.isDisposed();
    }
}
