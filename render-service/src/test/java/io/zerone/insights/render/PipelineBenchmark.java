package io.zerone.insights.render;

import java.lang.management.ManagementFactory;
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
import org.awaitility.Awaitility;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.utils.ContainerTestUtils;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.Topics;
import io.zerone.insights.testsupport.Infrastructure;

/**
 * Insights per second through the whole service against the in-process broker: render-service, with its own
 * settings, finds a backlog of seed-like events on insight-events (6 partitions); the outputs are counted as a
 * downstream consumer reads them (read_committed). Not a test: run it on purpose; it prints the load average.
 * <pre>./mvnw -B -q -pl render-service -am -Pbenchmark test-compile -Dbenchmark.main=io.zerone.insights.render.PipelineBenchmark</pre>
 * Options: {@code -Dbenchmark.count=20000} events measured, {@code -Dbenchmark.warm-up=0} events rendered before (a
 * fresh JVM spends much of a short run compiling), {@code -Dbenchmark.concurrency=N} overrides
 * spring.kafka.listener.concurrency.
 */
public final class PipelineBenchmark {

    private static final CloudEventCodec CODEC = new CloudEventCodec();

    public static void main(String[] args) throws Exception {
        int count = Integer.getInteger("benchmark.count", 20_000);
        int warmUp = Integer.getInteger("benchmark.warm-up", 0);
        String concurrency = System.getProperty("benchmark.concurrency");
        String bootstrapServers = Infrastructure.embeddedKafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            // as ingest-service and the service itself create them
            admin.createTopics(List.of(
                    new NewTopic(Topics.INSIGHT_EVENTS, Topics.DEFAULT_PARTITIONS, (short) 1).configs(Topics.COMPACTED),
                    new NewTopic(Topics.INSIGHT_RENDERED, Topics.DEFAULT_PARTITIONS, (short) 1).configs(Topics.COMPACTED)))
                    .all().get();
        }
        System.out.printf(Locale.ROOT, "pipeline benchmark: %,d events after %,d to warm up, %s, load average %s%n",
                count, warmUp, Runtime.version(), loadAverage());
        produce(bootstrapServers, "warm-up", warmUp);

        List<String> arguments = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--server.port=0", "--logging.level.root=WARN"));
        if (concurrency != null) {
            arguments.add("--spring.kafka.listener.concurrency=" + concurrency);
        }
        try (KafkaConsumer<String, byte[]> outputs = readCommitted(bootstrapServers);
                ConfigurableApplicationContext service = RenderServiceApplication.builder().run(arguments.toArray(String[]::new))) {
            // a warm-up lets the JIT compile the hot paths, as in a service that has been running for a while
            await(outputs, warmUp);
            MessageListenerContainer listener =
                    service.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("render-insight-events");
            // joined and paused before the backlog arrives, so the measurement holds no group join
            ContainerTestUtils.waitForAssignment(listener, Topics.DEFAULT_PARTITIONS);
            listener.pause();
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(listener::isContainerPaused);
            // a backlog, as after a burst or in a replay: the service finds full polls
            produce(bootstrapServers, "measured", count);

            long cpuAtStart = cpuNanos();
            long start = System.nanoTime();
            listener.resume();
            long[] firstAndLast = await(outputs, count);
            double seconds = (firstAndLast[1] - start) / 1e9;
            double cpuSeconds = (cpuNanos() - cpuAtStart) / 1e9;
            System.out.printf(Locale.ROOT, "rendered   %,d insights, concurrency %s: %,.0f insights/s (%.1f s from resume "
                            + "to the last output; %,.0f/s from the first output), load average %s%n",
                    count, service.getEnvironment().getProperty("spring.kafka.listener.concurrency"), count / seconds,
                    seconds, count / ((firstAndLast[1] - firstAndLast[0]) / 1e9), loadAverage());
            // what the machine's load distorts least: CPU time of this JVM (broker, service, counting consumer, JIT, GC)
            System.out.printf(Locale.ROOT, "cpu        %.1f s of CPU in this JVM meanwhile: %,.0f insights per CPU-second, "
                    + "%.2f ms of CPU per insight%n", cpuSeconds, count / cpuSeconds, cpuSeconds * 1e3 / count);
        }
        // the broker's shutdown hook deletes its log directory; nothing else is left to wait for
        System.exit(0);
    }

    /** @return when the first and the last of {@code count} more outputs arrived */
    private static long[] await(KafkaConsumer<String, byte[]> outputs, int count) {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long seen = 0;
        long first = 0;
        while (seen < count) {
            ConsumerRecords<String, byte[]> records = outputs.poll(Duration.ofMillis(100));
            if (!records.isEmpty() && first == 0) {
                first = System.nanoTime();
            }
            seen += records.count();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + seen + " of " + count + " outputs after 10 minutes");
            }
        }
        return new long[] {first, System.nanoTime()};
    }

    /** Seed-like events: the nine seed insights over and over, each with a slug and an event of its own. */
    private static void produce(String bootstrapServers, String name, int count) throws Exception {
        if (count == 0) {
            return;
        }
        long start = System.nanoTime();
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
                        seed.insight().withSlug(seed.slug() + "-" + name + "-" + i),
                        seed.body() + "\n\nBenchmark note " + i + ".");
                sent.add(producer.send(CODEC.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) event)));
            }
            for (Future<RecordMetadata> metadata : sent) {
                metadata.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "produced   %,d %s events in %.1f s (%,.0f/s), load average %s%n",
                count, name, seconds, count / seconds, loadAverage());
    }

    private static KafkaConsumer<String, byte[]> readCommitted(String bootstrapServers) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (int partition = 0; partition < Topics.DEFAULT_PARTITIONS; partition++) {
            partitions.add(new TopicPartition(Topics.INSIGHT_RENDERED, partition));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
