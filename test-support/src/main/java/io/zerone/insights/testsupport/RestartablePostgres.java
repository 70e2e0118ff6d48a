package io.zerone.insights.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL of a test's own that it can stop and start again on the same data directory and port, as an operator
 * restarts a database: what was committed stays, every connection breaks.
 */
public final class RestartablePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private RestartablePostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    public static RestartablePostgres started() {
        try (ServerSocket socket = new ServerSocket(0)) {
            RestartablePostgres postgres = new RestartablePostgres(
                    Files.createTempDirectory("restartable-postgres").resolve("data"), socket.getLocalPort());
            socket.close();
            postgres.start();
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Infrastructure.Database database() {
        return new Infrastructure.Database("localhost", port, "postgres", "postgres", "postgres");
    }

    public synchronized void start() {
        try {
            server = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                    .setPort(port).start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on " + dataDirectory, e);
        }
    }

    public synchronized void stop() {
        try {
            server.close();
            server = null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            stop();
        }
    }
}
