package io.zerone.insights.devstack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The whole product on one machine in one command: a real Kafka broker (KRaft) and a real PostgreSQL in this JVM,
 * with their data under .dev-stack/ so that a restart keeps it, and every service on its documented port.
 * {@code --fresh} starts from empty stores. Ctrl-C stops the services first, then the broker and the database.
 */
public final class DevStack {

    static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    static final int POSTGRES_PORT = 15432;
    static final int INGEST_PORT = 8081;
    static final int QUERY_PORT = 8080;
    static final int RENDER_PORT = 8082;

    private final List<AutoCloseable> running = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Set<String> flags = Set.of(args);
        if (flags.contains("--help")) {
            System.out.println("""
                    usage: ./run-stack [--fresh] [--infra-only]
                      --fresh       delete .dev-stack/ first: empty Kafka and PostgreSQL
                      --infra-only  start only Kafka and PostgreSQL (run the services yourself, e.g. to benchmark
                                    each in its own JVM)""");
            return;
        }
        Path home = Path.of(System.getProperty("insights.dev-stack.dir", ".dev-stack")).toAbsolutePath().normalize();
        if (flags.contains("--fresh")) {
            deleteRecursively(home);
        }
        boolean services = !flags.contains("--infra-only");
        requireFree(KAFKA_PORT, KAFKA_CONTROLLER_PORT, POSTGRES_PORT);
        if (services) {
            requireFree(INGEST_PORT, QUERY_PORT, RENDER_PORT);
        }
        DevStack stack = new DevStack();
        try {
            stack.start(home, services);
        } catch (Exception | LinkageError e) {
            // the broker's and the database's threads would keep a half-started stack alive: stop it all
            System.err.println("The stack did not start: " + e);
            System.exit(1);
        }
    }

    private void start(Path home, boolean services) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "dev-stack-stop"));
        long started = System.nanoTime();

        running.add(LocalKafka.start(home.resolve("kafka"), KAFKA_PORT, KAFKA_CONTROLLER_PORT));
        running.add(LocalPostgres.start(home.resolve("postgres"), POSTGRES_PORT));
        if (!services) {
            System.out.printf("%nKafka localhost:%d and PostgreSQL localhost:%d (insights/insights) are up; data in %s.%n"
                    + "Press Ctrl-C to stop.%n%n", KAFKA_PORT, POSTGRES_PORT, home);
            return;
        }
        running.add(StackServices.start());

        int published = DemoContent.publishIfEmpty("localhost:" + KAFKA_PORT, "http://localhost:" + INGEST_PORT);
        if (published > 0 && !DemoContent.awaitVisible("http://localhost:" + QUERY_PORT, published, Duration.ofSeconds(60))) {
            System.out.println("The demo insights are published but not visible yet; the site will show them shortly.");
        }

        System.out.printf("""

                Insights stack is up in %.1f s; data in %s%s
                  Site         http://localhost:%d/insights   (cases: /cases)
                  JSON API     http://localhost:%d/api/insights   (search: /api/search?q=postgresql)
                  Ingest API   http://localhost:%d/api/insights   (Authorization: Bearer %s)
                  Render       http://localhost:%d/actuator/health   (actuator only)
                  Kafka        localhost:%d
                  PostgreSQL   localhost:%d   (database, user and password: %s)
                Press Ctrl-C to stop.

                """, (System.nanoTime() - started) / 1e9, home,
                published > 0 ? "\n  Published " + published + " demo insights and cases through the ingest API" : "",
                QUERY_PORT, QUERY_PORT, INGEST_PORT, DemoContent.DEV_KEY, RENDER_PORT, KAFKA_PORT, POSTGRES_PORT, LocalPostgres.DATABASE);
    }

    private void stop() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }

    private static void requireFree(int... ports) {
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port)) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                System.err.println("Port " + port + " is in use (an earlier stack still running?). Stop it and retry.");
                System.exit(1);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
