package io.zerone.insights.query;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.ConnectionFactories;
import io.zerone.insights.query.cache.InsightChanges;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The payloads of insight_changed notifications, as another replica would receive them, from when it listens; after
 * its connection broke it listens again (what was sent meanwhile is missed).
 */
public final class ChangeNotifications implements AutoCloseable {

    private final List<String> payloads = new CopyOnWriteArrayList<>();
    private final Disposable listening;

    private ChangeNotifications(R2dbcConnectionDetails database) {
        var listens = new java.util.concurrent.CountDownLatch(1);
        this.listening = Flux.usingWhen(
                        Mono.from(ConnectionFactories.get(database.getConnectionFactoryOptions()).create())
                                .cast(PostgresqlConnection.class),
                        connection -> connection.createStatement("LISTEN " + InsightChanges.CHANNEL).execute()
                                .flatMap(PostgresqlResult::getRowsUpdated)
                                .doOnComplete(listens::countDown)
                                .thenMany(connection.getNotifications()),
                        connection -> connection.close())
                // a test that breaks every listening connection breaks this one too: listen again, as replicas do
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1)))
                .subscribe(notification -> payloads.add(notification.getParameter()));
        await().atMost(Duration.ofSeconds(10)).until(() -> listens.getCount() == 0);
    }

    public static ChangeNotifications listen(R2dbcConnectionDetails database) {
        return new ChangeNotifications(database);
    }

    public List<String> payloads() {
        return List.copyOf(payloads);
    }

    @Override
    public void close() {
        listening.dispose();
    }
}
