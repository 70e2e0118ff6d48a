package io.zerone.insights.query.projection;

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

/** The payloads of insight_changed notifications, as another replica would receive them, from when it listens. */
final class ChangeNotifications implements AutoCloseable {

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
                .subscribe(notification -> payloads.add(notification.getParameter()));
        await().atMost(Duration.ofSeconds(10)).until(() -> listens.getCount() == 0);
    }

    static ChangeNotifications listen(R2dbcConnectionDetails database) {
        return new ChangeNotifications(database);
    }

    List<String> payloads() {
        return List.copyOf(payloads);
    }

    @Override
    public void close() {
        listening.dispose();
    }
}
