package io.zerone.insights.query.projection;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightMetadata;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.Revision;
import io.zerone.insights.events.Topics;
import io.zerone.insights.query.QueryServiceApplication;
import io.zerone.insights.render.rendering.InsightRenderer;
import io.zerone.insights.testsupport.Infrastructure;

/**
 * Figures, not a test: how fast the projector replays insight-rendered. Starts the in-process broker and PostgreSQL,
 * writes N insights rendered by render-service's own renderer (articles of 250 to 650 words), then starts
 * query-service, whose live projector replays them from the beginning into the indexed projection, and then runs the
 * rebuild in the same JVM. With {@code --hold} it keeps the infrastructure up afterwards and prints the environment
 * for running the rebuild command as its own JVM.
 *
 * It lives in dev-stack's tests, where render-service and query-service are both on the classpath, in
 * query-service's package for the projector's package-private API.
 *
 * <pre>
 * ./mvnw -B -q -pl dev-stack -am install -DskipTests
 * ./mvnw -B -q -pl dev-stack dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * cd dev-stack &amp;&amp; java -Xmx1g -cp "target/test-classes:target/classes:$(cat /tmp/cp.txt)" \
 *     io.zerone.insights.query.projection.ProjectionReplayBenchmark --count=50000 [--postgres=host:port/db] [--hold]
 * </pre>
 * (With {@code -pl} alone the sibling modules come from the local repository, hence the install first.)
 */
public final class ProjectionReplayBenchmark {

    private static final String[] TOPICS = {"connection pools", "retry storms", "cache stampedes", "lock contention",
            "replication lag", "GC pauses", "queue backlogs", "DNS timeouts", "TLS handshakes", "index bloat"};
    private static final String[] PLACES = {"payments", "checkout", "search", "the order service", "billing",
            "the mobile API", "reporting", "the warehouse system"};
    private static final String[] SENTENCES = {
            "When %s hit %s, the p99 latency climbed from %d ms to %d ms within minutes.",
            "The on-call engineer first suspected the network, but the dashboards for %s in %s told another story.",
            "We measured %s in %s for a week and found that %d %% of the time went into waiting.",
            "A single configuration flag made %s in %s tolerable again, and nobody remembered why it was there.",
            "The fix for %s in %s was boring: a bounded queue, a timeout of %d s and a retry budget of %d.",
            "Nobody owned %s in %s, so every team assumed that another one was watching it.",
            "After the incident we wrote a runbook for %s in %s that fits on %d pages and took %d minutes to follow.",
            "The load test reproduced %s in %s only after we replayed production traffic at %d times its rate for %d hours."};
    private static final String[] CATEGORIES = {"Databases", "Distributed Systems", "Debugging", "Operations",
            "Performance", "Architecture"};
    private static final String[] TAGS = {"postgresql", "kafka", "caching", "resilience", "latency", "jvm", "linux",
            "observability", "networking", "incident"};

    private ProjectionReplayBenchmark() {
    }

    public static void main(String[] arguments) throws Exception {
        int count = Integer.parseInt(argument(arguments, "count", "50000"));
        boolean hold = List.of(arguments).contains("--hold");
        String kafka = Infrastructure.kafkaBootstrapServers();
        // --postgres=host:port/database: a server of your own (user and password postgres), e.g. to watch it with
        // pg_stat_statements; by default the embedded one the tests use
        String postgres = argument(arguments, "postgres", null);
        Infrastructure.Database database = postgres == null ? Infrastructure.database()
                : new Infrastructure.Database(postgres.split("[:/]")[0], Integer.parseInt(postgres.split("[:/]")[1]),
                        postgres.split("/")[1], "postgres", "postgres");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(List.of(new NewTopic(Topics.INSIGHT_RENDERED, Topics.DEFAULT_PARTITIONS, (short) 1)
                    .configs(Topics.COMPACTED))).all().get();
        }
        long started = System.nanoTime();
        long bytes = produce(kafka, count);
        System.out.printf(Locale.ROOT, "wrote %,d rendered insights (%,d bytes, %,d bytes each) in %.0f s%n", count,
                bytes, bytes / count, (System.nanoTime() - started) / 1e9);

        List<String> serviceArguments = new ArrayList<>(database.commandLineArguments());
        serviceArguments.addAll(List.of("--server.port=0", "--spring.kafka.bootstrap-servers=" + kafka,
                "--logging.level.io.zerone=WARN"));
        System.out.println("load average before the replay: " + loadAverage());
        started = System.nanoTime();
        ConfigurableApplicationContext service = QueryServiceApplication.builder()
                .run(serviceArguments.toArray(String[]::new));
        Projector projector = service.getBean(Projector.class);
        long end = endOffsets(kafka);
        while (projector.storedOffsets(Topics.INSIGHT_RENDERED).values().stream().mapToLong(Long::longValue).sum() < end) {
            TimeUnit.MILLISECONDS.sleep(100); // a benchmark main, not a test: polling the store is the measurement
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT live-replay-events %d%nRESULT live-replay-seconds %.1f%n"
                + "RESULT live-replay-per-second %.0f%n", count, seconds, count / seconds);
        System.out.println("load average after the replay: " + loadAverage());

        Rebuild.Result result = service.getBean(Rebuild.class).run();
        System.out.printf(Locale.ROOT, "RESULT rebuild-insights %d%nRESULT rebuild-seconds %.1f%n"
                + "RESULT rebuild-per-second %.0f%n", result.insights(), result.seconds(),
                result.insights() / result.seconds());
        System.out.println("load average after the rebuild: " + loadAverage());
        if (hold) {
            service.close();
            System.out.printf("%nholding: POSTGRES_HOST=%s POSTGRES_PORT=%d POSTGRES_DB=%s POSTGRES_USER=%s "
                    + "POSTGRES_PASSWORD=%s KAFKA_BOOTSTRAP_SERVERS=%s%n", database.host(), database.port(),
                    database.database(), database.username(), database.password(), kafka);
            Thread.currentThread().join();
        }
        System.exit(0);
    }

    private static long produce(String kafka, int count) throws Exception {
        CloudEventCodec codec = new CloudEventCodec();
        InsightRenderer renderer = new InsightRenderer(URI.create("http://localhost:8080"), Clock.systemUTC());
        long[] bytes = new long[1];
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024), new StringSerializer(),
                new ByteArraySerializer())) {
            int chunk = 1_000;
            for (int from = 0; from < count; from += chunk) {
                int start = from;
                List<InsightRendered> rendered = IntStream.range(start, Math.min(count, start + chunk)).parallel()
                        .mapToObj(i -> renderer.render(published(i), new Revision(0, i))).toList();
                for (InsightRendered event : rendered) {
                    var record = codec.toRecord(Topics.INSIGHT_RENDERED, event);
                    bytes[0] += record.value().length;
                    producer.send(record);
                }
            }
            producer.flush();
        }
        return bytes[0];
    }

    static InsightPublished published(long index) {
        SplittableRandom random = new SplittableRandom(index * 0x9E3779B97F4A7C15L + 17);
        String topic = pick(random, TOPICS);
        String place = pick(random, PLACES);
        String title = "%s in %s: lesson %d".formatted(Character.toUpperCase(topic.charAt(0)) + topic.substring(1),
                place, index);
        StringBuilder body = new StringBuilder();
        int words = 250 + random.nextInt(400);
        int written = 0;
        while (written < words) {
            body.append("## ").append(pick(random, new String[] {"What we saw", "Why it happened", "What we changed",
                    "What we measured", "What we would do again"})).append("\n\n");
            for (int s = 0; s < 4 + random.nextInt(3); s++) {
                String sentence = String.format(Locale.ROOT, pick(random, SENTENCES), topic, place,
                        3 + random.nextInt(200), 5 + random.nextInt(900));
                body.append(sentence).append(' ');
                written += sentence.split(" ").length;
            }
            body.append("\n\n");
            if (random.nextInt(3) == 0) {
                body.append("- **").append(pick(random, TAGS)).append("**: ").append(topic).append("\n- `")
                        .append(place).append("`\n\n");
            }
        }
        List<String> tags = random.ints(2 + random.nextInt(3), 0, TAGS.length).distinct().mapToObj(i -> TAGS[i])
                .toList();
        Instant publishedAt = Instant.parse("2018-01-01T09:00:00Z").plus(random.nextInt(3200), ChronoUnit.DAYS);
        return new InsightPublished(UUID.randomUUID(), Instant.now(), "benchmark", new InsightMetadata(
                "lesson-" + Long.toString(index, 36) + "-" + topic.replace(' ', '-').toLowerCase(Locale.ROOT), title,
                "What %s taught us in %s.".formatted(topic, place), pick(random, CATEGORIES), publishedAt,
                Math.max(1, words / 200), random.nextInt(4) == 0 ? "C-" + random.nextInt(100) : null, tags, "en"),
                body.toString());
    }

    private static long endOffsets(String kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int partition = 0; partition < Topics.DEFAULT_PARTITIONS; partition++) {
                latest.put(new TopicPartition(Topics.INSIGHT_RENDERED, partition), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String argument(String[] arguments, String name, String defaultValue) {
        for (String argument : arguments) {
            if (argument.startsWith("--" + name + "=")) {
                return argument.substring(name.length() + 3);
            }
        }
        return defaultValue;
    }
}
