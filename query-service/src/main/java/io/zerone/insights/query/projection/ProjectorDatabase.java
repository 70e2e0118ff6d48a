package io.zerone.insights.query.projection;

import static io.r2dbc.spi.ConnectionFactoryOptions.DATABASE;
import static io.r2dbc.spi.ConnectionFactoryOptions.HOST;
import static io.r2dbc.spi.ConnectionFactoryOptions.PASSWORD;
import static io.r2dbc.spi.ConnectionFactoryOptions.PORT;
import static io.r2dbc.spi.ConnectionFactoryOptions.USER;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Supplier;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.r2dbc.spi.ConnectionFactoryOptions;

/**
 * The projector's own small JDBC pool, next to the R2DBC pool of the readers. The projector runs on listener threads
 * that may block, and its transactions must span blocking work (the rebuild's switch polls Kafka inside one), which
 * thread-bound JDBC transactions express plainly; readers never wait behind it for a connection. It connects where
 * R2DBC does (also with Testcontainers' service connections), as application {@value #APPLICATION_NAME}.
 */
@Component
class ProjectorDatabase implements DisposableBean {

    static final String APPLICATION_NAME = "query-projector";

    private final HikariDataSource pool;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final TransactionTemplate savepoint;

    ProjectorDatabase(R2dbcConnectionDetails database, ProjectionSettings settings) {
        ConnectionFactoryOptions options = database.getConnectionFactoryOptions();
        HikariConfig config = new HikariConfig();
        config.setPoolName(APPLICATION_NAME);
        config.setJdbcUrl("jdbc:postgresql://%s:%s/%s".formatted(options.getRequiredValue(HOST),
                options.hasOption(PORT) ? options.getValue(PORT) : 5432, options.getRequiredValue(DATABASE)));
        config.setUsername(String.valueOf(options.getRequiredValue(USER)));
        if (options.hasOption(PASSWORD)) {
            config.setPassword(String.valueOf(options.getValue(PASSWORD)));
        }
        // a connection per live consumer and per rebuild consumer (a test runs both in one process), plus the
        // rebuild's switch and the lock that keeps a second rebuild out, the status relay and the publish scheduler
        config.setMaximumPoolSize(2 * settings.concurrency() + 4);
        config.setMinimumIdle(1);
        config.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
        // the pool must not hold up the start of the service when PostgreSQL is not there yet
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
        this.jdbc = new NamedParameterJdbcTemplate(pool);
        DataSourceTransactionManager manager = new DataSourceTransactionManager(pool);
        this.transaction = new TransactionTemplate(manager);
        this.savepoint = new TransactionTemplate(manager);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    NamedParameterJdbcTemplate jdbc() {
        return jdbc;
    }

    /** Joins the transaction of the calling thread, or begins one. */
    TransactionTemplate transaction() {
        return transaction;
    }

    /** Within the calling thread's transaction, a savepoint that a failure rolls back to: the rest stays. */
    TransactionTemplate savepoint() {
        return savepoint;
    }

    /**
     * Runs the work while this process holds a session-level advisory lock of the given name, so that no other
     * process runs the same work against this database meanwhile; fails at once if one does.
     */
    <T> T exclusively(String name, Supplier<T> work) {
        try (Connection lock = pool.getConnection()) {
            if (!advisoryLock(lock, "select pg_try_advisory_lock(hashtext(?))", name)) {
                throw new IllegalStateException(name + " is already running against this database");
            }
            try {
                return work.get();
            } finally {
                advisoryLock(lock, "select pg_advisory_unlock(hashtext(?))", name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not lock " + name + ": " + e.getMessage(), e);
        }
    }

    private static boolean advisoryLock(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    @Override
    public void destroy() {
        pool.close();
    }
}
