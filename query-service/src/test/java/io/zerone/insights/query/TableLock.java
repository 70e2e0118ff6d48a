package io.zerone.insights.query;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A table locked by another connection until closed: a statement stuck behind the lock is as slow as a pathological
 * plan, and easier to make on purpose, so the statement timeout's answers can be tested.
 */
public final class TableLock implements AutoCloseable {

    private final Connection connection;

    private TableLock(Connection connection) {
        this.connection = connection;
    }

    /** {@code table} qualified with its generation's schema, as {@link TestPipeline#activeGeneration()} names it. */
    public static TableLock exclusive(ConnectionFactory connections, String table) {
        Connection connection = Mono.from(connections.create()).block();
        TableLock lock = new TableLock(connection);
        try {
            Mono.from(connection.beginTransaction()).block();
            Flux.from(connection.createStatement("lock table " + table + " in access exclusive mode").execute())
                    .flatMap(Result::getRowsUpdated).blockLast();
            return lock;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            Mono.from(connection.rollbackTransaction()).block();
        } finally {
            Mono.from(connection.close()).block();
        }
    }
}
