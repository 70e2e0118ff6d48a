package io.zerone.insights.render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.Topics;
import io.zerone.insights.testsupport.Infrastructure;

/**
 * Insights per second through the whole service against the in-process broker: a backlog of seed-like events on
 * insight-events (6 partitions), then render-service started on it, with its own settings; counts the outputs as a
 * downstream consumer would (read_committed). Not a test: run it on purpose and print the load average beside it.
 * <pre>./mvnw -B -q -pl render-service -am -Pbenchmark test-compile -Dbenchmark.main=io.zerone.insights.render.PipelineBenchmark -Dbenchmark.count=20000</pre>
 * Options: {@code -Dbenchmark.concurrency=N} overrides spring.kafka.listener.concurrency.
 */
public final class PipelineBenchmark {

    private static final CloudEventCodec CODEC = new CloudEventCodec();

    public static void main(String[] args) throws Exception {
        int count = Integer.getInteger("benchmark.count", 20_000);
        String concurrency = System.getProperty("benchmark.concurrency");
        String bootstrapServers = Infrastructure.embeddedKafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            // as ingest-service creates it
            admin.createTopics(List.of(new NewTopic(Topics.INSIGHT_EVENTS, Topics.DEFAULT_PARTITIONS, (short) 1)
                    .configs(Topics.COMPACTED))).all().get();
        }
        System.out.printf(Locale.ROOT, "pipeline benchmark: %,d events, %s, load average %s%n", count,
                Runtime.version(), loadAverage());

        long produceStart = System.nanoTime();
        produce(bootstrapServers, count);
        double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
        System.out.printf(Locale.ROOT, "produced   %,d events in %.1f s (%,.0f/s), load average %s%n",
                count, produceSeconds, count / produceSeconds, loadAverage());

        try (KafkaConsumer<String, byte[]> outputs = readCommitted(bootstrapServers)) {
            long start = System.nanoTime();
            List<String> arguments = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + bootstrapServers,
                    "--server.port=0", "--logging.level.root=WARN"));
            if (concurrency != null) {
                arguments.add("--spring.kafka.listener.concurrency=" + concurrency);
            }
            try (ConfigurableApplicationContext service = RenderServiceApplication.builder()
                    .run(arguments.toArray(String[]::new))) {
                long ready = System.nanoTime();
                long seen = 0;
                long first = 0;
                while (seen < count) {
                    ConsumerRecords<String, byte[]> records = outputs.poll(Duration.ofMillis(200));
                    if (!records.isEmpty() && first == 0) {
                        first = System.nanoTime();
                    }
                    seen += records.count();
                    if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
                        throw new IllegalStateException("only " + seen + " outputs after 10 minutes");
                    }
                }
                long last = System.nanoTime();
                String load = loadAverage();
                System.out.printf(Locale.ROOT, "rendered   %,d insights, concurrency %s: %,.0f insights/s from the first "
                                + "output to the last (%.1f s), %,.0f/s from the started service (%.1f s; start %.1f s), "
                                + "load average %s%n",
                        seen, service.getEnvironment().getProperty("spring.kafka.listener.concurrency"),
                        seen / ((last - first) / 1e9), (last - first) / 1e9,
                        seen / ((last - ready) / 1e9), (last - ready) / 1e9, (ready - start) / 1e9, load);
            }
        }
        // the broker's shutdown hook deletes its log directory; nothing else is left to wait for
        System.exit(0);
    }

    /** Seed-like events: the nine seed insights over and over, each with a slug and an event of its own. */
    private static void produce(String bootstrapServers, int count) throws Exception {
        List<InsightPublished> seeds = SeedEvents.load();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                InsightPublished seed = seeds.get(i % seeds.size());
                InsightPublished event = new InsightPublished(UUID.randomUUID(), seed.occurredAt(), seed.source(),
                        seed.slug() + "-" + i, seed.title(), seed.summary(), seed.category(), seed.publishedAt(),
                        seed.readingMinutes(), seed.caseRef(), seed.tags(), seed.language(),
                        seed.body() + "\n\nBenchmark note " + i + ".");
                sent.add(producer.send(CODEC.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) event)));
            }
            for (Future<RecordMetadata> metadata : sent) {
                metadata.get();
            }
        }
    }

    private static KafkaConsumer<String, byte[]> readCommitted(String bootstrapServers) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        // the service creates insight-rendered; the benchmark creates it first, as the service would, to assign it
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(Topics.INSIGHT_RENDERED, Topics.DEFAULT_PARTITIONS, (short) 1)
                    .configs(Topics.COMPACTED))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + Topics.INSIGHT_RENDERED, e);
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (int partition = 0; partition < Topics.DEFAULT_PARTITIONS; partition++) {
            partitions.add(new TopicPartition(Topics.INSIGHT_RENDERED, partition));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
