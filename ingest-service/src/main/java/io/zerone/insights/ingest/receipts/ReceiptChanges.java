package io.zerone.insights.ingest.receipts;

import java.time.Duration;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
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
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * The receipts that moved, in whichever replica's listener: every replica LISTENs on {@link #CHANNEL} over a
 * connection of its own (not from the pool), as query-service does for its cache (docs/adr/0008); the receipt table's
 * trigger notifies on commit. A notification lost while the connection was down is made up for by the waits' poll.
 */
@Component
class ReceiptChanges implements SmartLifecycle {

    static final String CHANNEL = "ingest_receipt_moved";

    private static final Logger log = LoggerFactory.getLogger(ReceiptChanges.class);

    private final ObjectProvider<R2dbcConnectionDetails> database;
    private final Sinks.Many<UUID> moved = Sinks.many().multicast().directBestEffort();
    private volatile Disposable subscription;

    ReceiptChanges(ObjectProvider<R2dbcConnectionDetails> database) {
        this.database = database;
    }

    /** The event ids of receipts that moved from now on; hot, never completes. */
    Flux<UUID> moved() {
        return moved.asFlux();
    }

    @Override
    public void start() {
        R2dbcConnectionDetails details = database.getIfAvailable();
        if (details == null) {
            return;
        }
        ConnectionFactory connections = ConnectionFactories.get(details.getConnectionFactoryOptions());
        subscription = Flux.usingWhen(Mono.from(connections.create()).cast(PostgresqlConnection.class),
                        this::listen, connection -> connection.close())
                .doOnError(e -> log.warn("Listening for {} failed, retrying: {}", CHANNEL, e.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(10)))
                .subscribe();
    }

    private Flux<UUID> listen(PostgresqlConnection connection) {
        return connection.createStatement("LISTEN " + CHANNEL).execute()
                .flatMap(PostgresqlResult::getRowsUpdated)
                .thenMany(connection.getNotifications())
                .<UUID>handle((notification, sink) -> {
                    try {
                        sink.next(UUID.fromString(String.valueOf(notification.getParameter())));
                    } catch (IllegalArgumentException notAnEventId) {
                        // not ours: nothing waits for it
                    }
                })
                .doOnNext(moved::tryEmitNext)
                .concatWith(Mono.error(() -> new IllegalStateException("notification stream ended")));
    }

    @Override
    public void stop() {
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
