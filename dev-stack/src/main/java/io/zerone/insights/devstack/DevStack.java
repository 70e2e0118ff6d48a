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

import io.zerone.insights.export.SiteExport;

/**
 * The whole product on one machine in one command: a real Kafka broker (KRaft) and a real PostgreSQL in this JVM,
 * with their data under .dev-stack/ so that a restart keeps it, and every service on its documented port.
 * {@code --fresh} starts from empty stores; {@code --export} writes the site as static files and stops. Ctrl-C stops the
 * services first, then the broker and the database.
 */
public final class DevStack {

    private final List<AutoCloseable> running = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        Set<String> flags = Set.copyOf(arguments);
        if (flags.contains("--help")) {
            System.out.println("""
                    usage: ./run-stack [--fresh] [--infra-only] [--free-ports] [--export FOLDER]
                      --fresh          delete .dev-stack/ first: empty Kafka and PostgreSQL
                      --infra-only     start only Kafka and PostgreSQL (run the services yourself, e.g. to benchmark
                                       each in its own JVM)
                      --free-ports     every port chosen free by the system instead of the documented ones; the
                                       site's address is printed (a second stack, a CI check)
                      --export FOLDER  write the whole public site into FOLDER (absent or empty) as static files,
                                       with INSIGHTS_PUBLIC_BASE_URL as its base URL, then stop; exit 1 on a broken link""");
            return;
        }
        int export = arguments.indexOf("--export");
        if (export >= 0 && export + 1 >= arguments.size()) {
            System.err.println("--export needs a folder");
            System.exit(2);
        }
        Path exportTo = export >= 0 ? Path.of(arguments.get(export + 1)) : null;
        if (exportTo != null && Files.isDirectory(exportTo)) {
            try (Stream<Path> entries = Files.list(exportTo)) {
                if (entries.findAny().isPresent()) {
                    System.err.println("--export needs an absent or empty folder: " + exportTo.toAbsolutePath());
                    System.exit(2);
                }
            }
        }
        Path home = Path.of(System.getProperty("insights.dev-stack.dir", ".dev-stack")).toAbsolutePath().normalize();
        if (flags.contains("--fresh")) {
            deleteRecursively(home);
        }
        boolean services = !flags.contains("--infra-only");
        Ports ports = flags.contains("--free-ports") ? Ports.free() : Ports.DOCUMENTED;
        requireFree(ports.kafka(), ports.kafkaController(), ports.postgres());
        if (services) {
            requireFree(ports.ingest(), ports.query(), ports.render());
        }
        DevStack stack = new DevStack();
        try {
            stack.start(home, services, ports);
        } catch (Exception | LinkageError e) {
            // the broker's and the database's threads would keep a half-started stack alive: stop it all
            System.err.println("The stack did not start: " + e);
            System.exit(1);
        }
        if (exportTo != null) {
            // System.exit in every case: the shutdown hook stops the stack, whose threads would keep the JVM alive
            try {
                System.exit(SiteExport.report(SiteExport.export(ports.siteUrl(), ports.publicBaseUrl(), exportTo), exportTo));
            } catch (Exception e) {
                System.err.println("The export failed: " + e);
                System.exit(1);
            }
        }
    }

    private void start(Path home, boolean services, Ports ports) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "dev-stack-stop"));
        long started = System.nanoTime();

        running.add(LocalKafka.start(home.resolve("kafka"), ports.kafka(), ports.kafkaController()));
        running.add(LocalPostgres.start(home.resolve("postgres"), ports.postgres()));
        if (!services) {
            System.out.printf("%nKafka localhost:%d and PostgreSQL localhost:%d (insights/insights) are up; data in %s.%n"
                    + "Press Ctrl-C to stop.%n%n", ports.kafka(), ports.postgres(), home);
            return;
        }
        running.add(StackServices.start(ports.ownArguments(), ports.arguments()));

        int published = DemoContent.publishIfEmpty("localhost:" + ports.kafka(), "http://localhost:" + ports.ingest());
        if (published > 0 && !DemoContent.awaitVisible("http://localhost:" + ports.query(), published, Duration.ofSeconds(60))) {
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
                ports.query(), ports.query(), ports.ingest(), DemoContent.DEV_KEY, ports.render(), ports.kafka(),
                ports.postgres(), LocalPostgres.DATABASE);
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
