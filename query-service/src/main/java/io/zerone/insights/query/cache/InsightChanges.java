package io.zerone.insights.query.cache;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.ValidationDepth;
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
 * A connection that stops answering without closing breaks no stream on its own, so the listening connection must
 * answer a round trip every {@code query.cache.listen-check}, within the same time, or it is taken for broken.
 */
@Component
public class InsightChanges implements SmartLifecycle {

    /** The channel the projector notifies with the slugs it changed, space-separated, or {@code *}. */
    public static final String CHANNEL = "insight_changed";

    /** The listening connection's {@code application_name}. */
    static final String APPLICATION_NAME = "query-insight-changes";

    private static final Logger log = LoggerFactory.getLogger(InsightChanges.class);

    private final ConnectionFactory connections;
    private final ResponseCache cache;
    private final Duration reconnectBackoff;
    private final Duration listenCheck;
    private volatile Disposable subscription;
    private volatile boolean listening;
    private final AtomicLong received = new AtomicLong();
    /** The payloads of the last notifications applied, oldest first, at most {@link #RECENT}. */
    private final Deque<String> recent = new ArrayDeque<>();
    private static final int RECENT = 64;
    private final AtomicLong sessions = new AtomicLong();

    InsightChanges(R2dbcConnectionDetails database, ResponseCache cache, CacheSettings settings) {
        // named, so that an operator (or a test) tells it from the pool's connections in pg_stat_activity
        this.connections = ConnectionFactories.get(ConnectionFactoryOptions.builder()
                .from(database.getConnectionFactoryOptions())
                .option(PostgresqlConnectionFactoryProvider.APPLICATION_NAME, APPLICATION_NAME).build());
        this.cache = cache;
        this.reconnectBackoff = settings.reconnectBackoff();
        this.listenCheck = settings.listenCheck();
    }

    @Override
    public void start() {
        // a server that takes the connection and then answers nothing would otherwise hold the replica here for ever
        subscription = Flux.usingWhen(Mono.from(connections.create()).cast(PostgresqlConnection.class)
                                .timeout(listenCheck),
                        this::listen, this::close)
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
                .then()
                .timeout(listenCheck)
                .then(Mono.fromRunnable(() -> {
                    listening = true;
                    cache.invalidateAll();
                    cache.release();
                    sessions.incrementAndGet();
                }))
                .thenMany(Flux.merge(connection.getNotifications()
                        .map(notification -> {
                            String payload = notification.getParameter();
                            cache.invalidate(ChangedInsights.parse(payload));
                            synchronized (recent) {
                                recent.addLast(String.valueOf(payload));
                                if (recent.size() > RECENT) {
                                    recent.removeFirst();
                                }
                            }
                            received.incrementAndGet();
                            return String.valueOf(payload);
                        })
                        .concatWith(Mono.error(() -> new IllegalStateException("notification stream ended"))),
                        checks(connection)));
    }

    /**
     * A round trip on the listening connection {@link #listenCheck} after the last one answered; one unanswered
     * within that time fails. One after another: a timer that ticks on its own would overflow while a check waits.
     */
    private Flux<String> checks(PostgresqlConnection connection) {
        return Mono.delay(listenCheck)
                .then(Mono.from(connection.validate(ValidationDepth.REMOTE))
                        .timeout(listenCheck, Mono.error(() -> new IllegalStateException(
                                "the listening connection did not answer within " + listenCheck))))
                .flatMap(valid -> valid ? Mono.<String>empty()
                        : Mono.error(new IllegalStateException("the listening connection is no longer valid")))
                .repeat();
    }

    /** Closing a connection that stopped answering may wait for ever: the next one must not wait with it. */
    private Mono<Void> close(PostgresqlConnection connection) {
        return Mono.from(connection.close()).timeout(listenCheck).onErrorResume(e -> Mono.empty());
    }

    /** Whether this replica currently receives notifications; a health indicator could report it. */
    public boolean listening() {
        return listening;
    }

    /** How many change notifications this replica received (and applied to its cache) since it started. */
    public long received() {
        return received.get();
    }

    /**
     * How many of the last 64 notifications applied carried exactly this payload: whoever sent one waits for this to
     * rise, since {@link #received()} also rises for a notification someone else sent meanwhile.
     */
    long received(String payload) {
        synchronized (recent) {
            return recent.stream().filter(payload::equals).count();
        }
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
