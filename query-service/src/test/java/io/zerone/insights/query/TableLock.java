package io.zerone.insights.query;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A table, or rows of one, locked by another connection until closed: a statement stuck behind the lock is as slow as a
 * pathological plan, and easier to make on purpose, so the statement timeout's answers can be tested; a step that waits
 * for the rows is held at a known point while a test looks at what goes on meanwhile.
 */
public final class TableLock implements AutoCloseable {

    private final Connection connection;

    private TableLock(Connection connection) {
        this.connection = connection;
    }

    /** {@code table} qualified with its generation's schema, as {@link TestPipeline#activeGeneration()} names it. */
    public static TableLock exclusive(ConnectionFactory connections, String table) {
        return holding(connections, "lock table " + table + " in access exclusive mode");
    }

    /**
     * The rows {@code select} finds, locked {@code for share}: a {@code for update} of them waits until this is closed;
     * other shares of them and plain reads do not.
     */
    public static TableLock rowsForShare(ConnectionFactory connections, String select) {
        return holding(connections, select + " for share");
    }

    private static TableLock holding(ConnectionFactory connections, String statement) {
        Connection connection = Mono.from(connections.create()).block();
        TableLock lock = new TableLock(connection);
        try {
            Mono.from(connection.beginTransaction()).block();
            Flux.from(connection.createStatement(statement).execute())
                    .flatMap(result -> result.map((row, metadata) -> row)).blockLast();
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
