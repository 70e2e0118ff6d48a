package io.zerone.insights.devstack;

import java.nio.file.Path;

/**
 * One store as its own process: only the Kafka broker, or only PostgreSQL, on a given data directory and port, so
 * that a fault-injection run can kill each with -9 and start it again on the same data. Prints {@code <store> ready}
 * once it answers; SIGTERM stops it cleanly.
 *
 * <pre>
 * java -cp dev-stack-*-exec.jar -Dloader.main=io.zerone.insights.devstack.StoreServer \
 *     org.springframework.boot.loader.launch.PropertiesLauncher kafka DIR PORT CONTROLLER_PORT
 * ... postgres DIR PORT
 * </pre>
 *
 * PostgreSQL runs as its own postmaster process (zonky starts it with pg_ctl), which outlives a kill -9 of this JVM:
 * kill the postmaster itself, whose pid is the first line of {@code DIR/postmaster.pid}.
 */
public final class StoreServer {

    private StoreServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || !(args[0].equals("kafka") && args.length == 4 || args[0].equals("postgres"))) {
            System.err.println("usage: StoreServer kafka DIR PORT CONTROLLER_PORT | postgres DIR PORT");
            System.exit(2);
        }
        Path dir = Path.of(args[1]).toAbsolutePath();
        int port = Integer.parseInt(args[2]);
        AutoCloseable store;
        try {
            store = args[0].equals("kafka") ? LocalKafka.start(dir, port, Integer.parseInt(args[3]))
                    : LocalPostgres.start(dir, port);
        } catch (Exception | LinkageError e) {
            // a half-started broker's threads would keep this JVM alive
            System.err.println(args[0] + " did not start: " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                store.close();
            } catch (Exception e) {
                System.err.println("while stopping " + args[0] + ": " + e);
            }
        }, "store-stop"));
        System.out.println(args[0] + " ready on port " + port + ", data in " + dir);
        Thread.currentThread().join();
    }
}
