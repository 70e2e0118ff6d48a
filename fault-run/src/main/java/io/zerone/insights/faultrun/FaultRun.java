package io.zerone.insights.faultrun;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

import org.apache.kafka.common.utils.Utils;

import io.zerone.insights.events.Topics;

/**
 * The fault-injection run: the stack as separate processes, a publishing workload through the ingest API, kill -9 of
 * render-service, of query-service and of Kafka + PostgreSQL while it publishes, then the truth check of every surface.
 *
 * <pre>
 * fault-run/run.sh                       10,000 operations (the full run)
 * OPERATIONS=300 fault-run/run.sh        a small one
 * </pre>
 */
public final class FaultRun {

    /** What to run; {@code rate} is operations per second while no fault holds the workload back. */
    record Settings(Path root, Path work, int operations, int slugs, int clients, double rate, long seed,
            double duplicates) {

        static Settings small(Path root, Path work) {
            return new Settings(root, work, 300, 60, 6, 3, 13, 0.01);
        }

        static Settings full(Path root, Path work) {
            return new Settings(root, work, 10_000, 2_000, 16, 40, 13, 0.01);
        }
    }

    private FaultRun() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("fault-run.root", ".")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("fault-run.work", root.resolve(".fault-run").toString()));
        Settings defaults = Settings.full(root, work);
        int operations = Integer.getInteger("fault-run.operations", defaults.operations());
        Settings settings = new Settings(root, work, operations,
                Integer.getInteger("fault-run.slugs", Math.max(10, operations / 5)),
                Integer.getInteger("fault-run.clients", defaults.clients()),
                Double.parseDouble(System.getProperty("fault-run.rate", String.valueOf(defaults.rate()))),
                Long.getLong("fault-run.seed", defaults.seed()), defaults.duplicates());
        Report report = run(settings, System.out);
        System.exit(report.verdict().failed() == 0 ? 0 : 1);
    }

    static Report run(Settings settings, PrintStream log) throws Exception {
        long started = System.nanoTime();
        deleteRecursively(settings.work());
        Files.createDirectories(settings.work());
        log.printf("fault run: work directory %s; load average %s%n", settings.work(), loadAverage());
        try (Stack stack = new Stack(settings.root(), settings.work())) {
            // Ctrl-C, or a test run that times out: no process of the stack outlives the run
            Thread stop = new Thread(stack::close, "fault-run-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            try {
                return run(settings, log, stack, started);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stop);
                } catch (IllegalStateException e) {
                    // shutting down already: the hook stops the stack
                }
            }
        }
    }

    private static Report run(Settings settings, PrintStream log, Stack stack, long started) throws Exception {
        stack.start();
        log.printf(Locale.ROOT, "stack up in %.1f s (Kafka %d, PostgreSQL %d, ingest %d, render %d, query %d)%n",
                (System.nanoTime() - started) / 1e9, stack.kafkaPort, stack.postgresPort, stack.ingestPort,
                stack.renderPort, stack.queryPort);
        Ledger ledger = new Ledger();
        // long enough to outlast every outage the run makes: an answer that stays unknown is rare and reported
        EditorialClient client = new EditorialClient(stack.ingestUri(), Duration.ofMinutes(3));
        QuerySurfaces surfaces = new QuerySurfaces(stack.queryUri());
        Workload workload = new Workload(settings.operations(), settings.slugs(), settings.clients(),
                settings.seed(), settings.duplicates());
        Pacer pacer = new Pacer(settings.rate(), settings.operations(), 0.2);
        Visitor visitor = new Visitor(stack.queryUri());
        Faults faults = new Faults(stack, client, ledger, surfaces, visitor);
        Poison poison = new Poison(stack.kafkaBootstrap());

        Thread publishing = new Thread(() -> {
            try {
                workload.run(client, ledger, pacer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "workload");
        publishing.start();
        try {
            IntSupplier released = () -> (int) pacer.released();
            awaitShare(released, settings.operations(), 0.05);
            poison.inject(1);
            awaitShare(released, settings.operations(), 0.15);
            log.printf("kill -9 render-service at %s%n", Instant.now());
            faults.killRender();
            awaitShare(released, settings.operations(), 0.40);
            poison.inject(2);
            log.printf("kill -9 query-service at %s%n", Instant.now());
            faults.killQuery();
            // no pause once query-service is readable again: its projector has just committed the backlog it caught
            // up on, and a database killed right after a commit is the hardest case for the projection
            awaitShare(released, settings.operations(), 0.65);
            log.printf("kill -9 Kafka and PostgreSQL at %s%n", Instant.now());
            // the operations held back flow while the stores are down and recovering
            faults.killStores(pacer::releaseTheRest);
        } finally {
            pacer.releaseTheRest();
        }
        publishing.join();
        visitor.close();
        log.printf("workload done at %s%n", Instant.now());

        // everything published before a marker of its partition is applied once the marker is readable
        for (Operation marker : markers()) {
            faults.awaitReadable(faults.publish(marker));
        }
        int deadLettered = poison.deadLettered(Duration.ofSeconds(60));
        // every marker is readable, so every event before it was rendered: the topics are final for this check
        RenderedOnce renderedOnce = new RenderedOnce(stack.kafkaBootstrap());
        List<String> renderedTwice = renderedOnce.problems(poison.keys());
        log.printf("rendered once: %s; %d problems%n", renderedOnce.counted(), renderedTwice.size());

        TruthChecker checker = new TruthChecker(ledger, surfaces);
        long checking = System.nanoTime();
        Verdict first = withRunChecks(checker.check(), workload, poison, deadLettered, renderedTwice);
        Verdict last = first;
        // a surface may lag the markers by a cache invalidation; the truth must hold within 30 s, then it is final
        while (last.failed() > 0 && System.nanoTime() - checking < Duration.ofSeconds(30).toNanos()) {
            Pause.briefly(Duration.ofSeconds(2));
            last = withRunChecks(checker.check(), workload, poison, deadLettered, renderedTwice);
        }
        Report report = new Report(settings, client.operations.get(), client.requests.get(), client.retries.get(),
                client.unavailable.get(), client.rateLimited.get(), client.inFlight.get(), client.timeouts.get(),
                client.connectionErrors.get(), client.serverErrors.get(), workload.duplicatesSent.get(),
                ledger.slugs().stream().filter(ledger::isUnknown).count(), poison.injected(), deadLettered,
                List.copyOf(faults.recoveries), visitor.answers(), first, last,
                Duration.ofNanos(System.nanoTime() - checking),
                Duration.ofNanos(System.nanoTime() - started), loadAverage());
        report.print(log);
        return report;
    }

    /**
     * The checks of the run itself: every request answered as the API promises, every poison record dead-lettered,
     * every event rendered once across the kill of render-service ({@link RenderedOnce}).
     */
    private static Verdict withRunChecks(Verdict verdict, Workload workload, Poison poison, int deadLettered,
            List<String> renderedOnce) {
        renderedOnce.forEach(verdict::fail);
        if (renderedOnce.isEmpty()) {
            verdict.pass();
        }
        workload.failures.forEach(verdict::fail);
        if (workload.failures.isEmpty()) {
            verdict.pass();
        }
        if (deadLettered == poison.injected()) {
            verdict.pass();
        } else {
            verdict.fail("dead-letter topic holds " + deadLettered + " of the " + poison.injected()
                    + " poison records");
        }
        return verdict;
    }

    /** One new insight per partition of insight-events (Kafka's default partitioner, murmur2 of the slug). */
    static List<Operation> markers() {
        Set<Integer> covered = new HashSet<>();
        List<Operation> markers = new java.util.ArrayList<>();
        for (int n = 0; covered.size() < Topics.DEFAULT_PARTITIONS; n++) {
            String slug = "fault-run-marker-" + n;
            int partition = Utils.toPositive(Utils.murmur2(slug.getBytes(StandardCharsets.UTF_8)))
                    % Topics.DEFAULT_PARTITIONS;
            if (covered.add(partition)) {
                markers.add(new Operation(slug, 1, Operation.Kind.PUBLISH, slug + "-" + System.nanoTime(),
                        "Fault run marker " + n, "marker" + "abcdefghijklmnopqrstuvwxyz".charAt(n % 26) + "zq",
                        Instant.parse("2019-01-01T00:00:00Z").plusSeconds(n)));
            }
        }
        return markers;
    }

    private static void awaitShare(IntSupplier released, int total, double share) {
        while (released.getAsInt() < total * share) {
            Pause.briefly(Duration.ofMillis(100));
        }
    }

    static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException e) {
            return "n/a";
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
