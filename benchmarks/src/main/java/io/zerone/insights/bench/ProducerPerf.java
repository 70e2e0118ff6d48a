package io.zerone.insights.bench;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.HdrHistogram.Histogram;

/**
 * The broker's anchor, as {@code kafka-producer-perf-test --throughput -1 --record-size 512 --producer-props acks=all}
 * would measure it (kafka-tools is not in the reachable repository): random 512-byte values without keys, the
 * producer's defaults otherwise, into a topic of its own with the pipeline's six partitions, deleted afterwards.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar:benchmarks/target/lib/* io.zerone.insights.bench.ProducerPerf \
 *     --bootstrap=localhost:9092 --records=500000 --record-size=512
 * </pre>
 */
public final class ProducerPerf {

    private static final String TOPIC = "bench-producer-perf";

    public static void main(String[] arguments) throws Exception {
        Args args = new Args(arguments);
        String bootstrap = args.text("bootstrap", "localhost:9092");
        long records = args.number("records", 500_000);
        byte[][] values = values(args.integer("record-size", 512));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(TOPIC)) {
                admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
                Thread.sleep(1000); // topic deletion completes asynchronously on the broker
            }
            admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                run(bootstrap, records, values);
            } finally {
                admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void run(String bootstrap, long records, byte[][] values) {
        Histogram latencies = Figures.latencies();
        AtomicLong failed = new AtomicLong();
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(TOPIC, values[(int) (i % values.length)]), (metadata, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                    } else {
                        latencies.recordValue((System.nanoTime() - sent) / 1000);
                    }
                });
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Figures.print("kafka_perf_records_per_s", records / seconds);
        Figures.print("kafka_perf_mb_per_s", records * (double) values[0].length / seconds / (1 << 20));
        Figures.printMillis("kafka_perf_latency", latencies);
        Figures.count("kafka_perf_failed", failed.get());
    }

    /** As the perf tool does: a pool of random payloads, so compression (none by default) sees no repetition. */
    private static byte[][] values(int size) {
        SplittableRandom random = new SplittableRandom(1);
        byte[][] values = new byte[1024][size];
        for (byte[] value : values) {
            for (int i = 0; i < size; i++) {
                value[i] = (byte) (' ' + random.nextInt(95));
            }
        }
        return values;
    }
}
