package io.zerone.insights.faultrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import io.zerone.insights.events.Topics;

/**
 * Kafka, PostgreSQL and the three services, each its own OS process on free ports, with its data under the work
 * directory. The stores run from the dev stack's jar ({@code StoreServer}), the services from their executable jars,
 * configured by environment variables only, as docker-compose configures them.
 */
final class Stack implements AutoCloseable {

    static final String API_KEY = "fault-run-editor-key";
    static final String DATABASE = "insights";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    final int kafkaPort = freePort();
    final int controllerPort = freePort();
    final int postgresPort = freePort();
    final int ingestPort = freePort();
    final int renderPort = freePort();
    final int queryPort = freePort();
    final OsProcess kafka;
    final OsProcess postgres;
    final OsProcess ingest;
    final OsProcess render;
    final OsProcess query;
    private final Path postgresData;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Stack(Path root, Path work) {
        Path logs = work.resolve("logs");
        postgresData = work.resolve("postgres");
        String storeJar = jar(root, "dev-stack");
        kafka = new OsProcess("kafka", store(storeJar, "-Xmx256m", "kafka", work.resolve("kafka"), kafkaPort,
                String.valueOf(controllerPort)), Map.of(), logs.resolve("kafka.log"));
        postgres = new OsProcess("postgres", store(storeJar, "-Xmx64m", "postgres", postgresData, postgresPort),
                Map.of(), logs.resolve("postgres.log"));
        ingest = service(root, "ingest", ingestPort, "-Xmx128m", logs, Map.of(
                // a list bound from the environment replaces the whole list: the run's own client, in full, and a
                // rate limit that the run's pace never reaches (the limit is not what this run measures)
                "INSIGHTS_INGEST_CLIENTS_0_ID", "fault-run-editor",
                "INSIGHTS_INGEST_CLIENTS_0_KEYSHA256", sha256(API_KEY),
                "INSIGHTS_INGEST_CLIENTS_0_RATELIMIT_REQUESTSPERSECOND", "100000",
                "INSIGHTS_INGEST_CLIENTS_0_RATELIMIT_BURST", "100000"));
        render = service(root, "render", renderPort, "-Xmx128m", logs, Map.of(
                "INSIGHTS_PUBLIC_BASE_URL", "http://localhost:" + queryPort));
        query = service(root, "query", queryPort, "-Xmx256m", logs, Map.of("QUERY_PORT", String.valueOf(queryPort)));
    }

    String kafkaBootstrap() {
        return "localhost:" + kafkaPort;
    }

    URI ingestUri() {
        return URI.create("http://localhost:" + ingestPort);
    }

    URI queryUri() {
        return URI.create("http://localhost:" + queryPort);
    }

    void start() {
        startStores();
        createTopics();
        // the topics exist, so the services may start together (each writer would create its own topic first)
        ingest.start();
        render.start();
        query.start();
        awaitReady(ingest, ingestPort);
        awaitReady(render, renderPort);
        awaitReady(query, queryPort);
    }

    void startStores() {
        kafka.start();
        postgres.start();
        kafka.awaitReady(() -> kafka.logged("kafka ready"), START_TIMEOUT);
        postgres.awaitReady(() -> postgres.logged("postgres ready"), START_TIMEOUT);
    }

    /** As docker-compose's kafka-topics job creates them: partitions and compaction, 4 MiB records where pages go. */
    private void createTopics() {
        Map<String, String> large = Map.of("max.message.bytes", "4194304");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap()))) {
            admin.createTopics(List.of(
                    topic(Topics.INSIGHT_EVENTS, Topics.COMPACTED),
                    topic(Topics.INSIGHT_RENDERED, merge(Topics.COMPACTED, large)),
                    topic(Topics.INSIGHT_EVENTS_DLT, large),
                    topic(Topics.INSIGHT_RENDERED + ".DLT", large),
                    topic(Topics.INSIGHT_PREVIEWS, Topics.PREVIEWS),
                    topic(Topics.INSIGHT_PREVIEWS_RENDERED, merge(Topics.PREVIEWS, large)),
                    topic(Topics.INSIGHT_STATUS, Map.of("retention.ms", String.valueOf(Topics.STATUS_RETENTION_MS)))))
                    .all().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not create the topics", e);
        }
    }

    void awaitReady(OsProcess service, int port) {
        service.awaitReady(() -> readinessUp(port), START_TIMEOUT);
    }

    boolean readinessUp(int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * kill -9 of PostgreSQL: the postmaster and every backend, found from the pid file in its data directory, and the
     * JVM that started it. The postmaster is not that JVM's child process that dies with it.
     */
    void killPostgres() {
        List<ProcessHandle> processes = new ArrayList<>();
        try {
            String pid = Files.readAllLines(postgresData.resolve("postmaster.pid")).get(0).strip();
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(postmaster -> {
                processes.add(postmaster);
                postmaster.descendants().forEach(processes::add);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("no postmaster.pid in " + postgresData, e);
        }
        processes.forEach(ProcessHandle::destroyForcibly);
        postgres.kill();
        processes.forEach(process -> OsProcess.awaitExit(process, Duration.ofSeconds(30)));
    }

    /** Both stores killed at the same moment. */
    void killStores() {
        CompletableFuture<Void> broker = CompletableFuture.runAsync(kafka::kill);
        killPostgres();
        broker.join();
    }

    @Override
    public synchronized void close() {
        for (OsProcess service : List.of(query, render, ingest)) {
            service.stop(Duration.ofSeconds(30));
        }
        kafka.stop(Duration.ofSeconds(60));
        postgres.stop(Duration.ofSeconds(60));
    }

    private OsProcess service(Path root, String name, int port, String heap, Path logs, Map<String, String> own) {
        List<String> command = List.of(java(), heap, "-Xss512k", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-jar", jar(root, name + "-service"));
        Map<String, String> environment = new java.util.HashMap<>(own);
        environment.putAll(Map.of(
                "SERVER_PORT", String.valueOf(port),
                "KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap(),
                "POSTGRES_HOST", "localhost",
                "POSTGRES_PORT", String.valueOf(postgresPort),
                "POSTGRES_DB", DATABASE,
                "POSTGRES_USER", DATABASE,
                "POSTGRES_PASSWORD", DATABASE,
                // one replica of each service, the same identity across its restarts (static group membership and
                // stable transactional ids, where the service supports them)
                "INSIGHTS_INSTANCE_ID", name + "-1",
                "MALLOC_ARENA_MAX", "2"));
        return new OsProcess(name + "-service", command, environment, logs.resolve(name + "-service.log"));
    }

    private static List<String> store(String jar, String heap, String store, Path dir, int port, String... more) {
        List<String> command = new ArrayList<>(List.of(java(), heap, "-XX:+UseSerialGC", "-cp", jar,
                "-Dloader.main=io.zerone.insights.devstack.StoreServer",
                "org.springframework.boot.loader.launch.PropertiesLauncher", store, dir.toString(),
                String.valueOf(port)));
        command.addAll(List.of(more));
        return command;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String jar(Path root, String module) {
        Path target = root.resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().matches(module + "-.*-exec\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no executable jar of " + module
                            + " in " + target + ": build it first (./mvnw -DskipTests package)"))
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException("no " + target + ": build " + module + " first", e);
        }
    }

    private static NewTopic topic(String name, Map<String, String> configs) {
        return new NewTopic(name, Topics.DEFAULT_PARTITIONS, (short) 1).configs(configs);
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> merged = new java.util.HashMap<>(a);
        merged.putAll(b);
        return merged;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
