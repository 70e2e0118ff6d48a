package io.zerone.insights.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from the zonky binaries, its data directory kept between runs, with the database and
 * role that query-service uses (insights / insights).
 */
final class LocalPostgres implements AutoCloseable {

    static final String DATABASE = "insights";

    private final EmbeddedPostgres server;

    private LocalPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /**
     * Extra server settings, {@code name=value} separated by semicolons: for example the benchmarks'
     * {@code shared_preload_libraries=pg_stat_statements}, which PostgreSQL reads only at its start.
     */
    static final String SETTINGS_PROPERTY = "insights.dev-stack.postgres-settings";

    static LocalPostgres start(Path dataDir, int port) throws IOException, SQLException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                // after a crash (kill -9) PostgreSQL replays its WAL before it answers; 10 s, zonky's default, is short
                .setPGStartupWait(Duration.ofSeconds(60));
        for (String setting : System.getProperty(SETTINGS_PROPERTY, "").split(";")) {
            int equals = setting.indexOf('=');
            if (equals > 0) {
                builder.setServerConfig(setting.substring(0, equals).strip(), setting.substring(equals + 1).strip());
            } else if (!setting.isBlank()) {
                throw new IllegalArgumentException(SETTINGS_PROPERTY + ": '" + setting + "' is not name=value");
            }
        }
        EmbeddedPostgres server = builder.start();
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement sql = connection.createStatement()) {
            ResultSet exists = sql.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'");
            if (!exists.next()) {
                sql.execute("create role " + DATABASE + " login password '" + DATABASE + "'");
                sql.execute("create database " + DATABASE + " owner " + DATABASE);
            }
        }
        return new LocalPostgres(server);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
