package io.zerone.insights.bench;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.Topics;

/**
 * The bulk path: writes generated InsightPublished events straight to insight-events, as ingest-service would,
 * skipping only its HTTP and validation. render-service and the query projector still do all their work, so the
 * store fills through the real pipeline. Events carry source "bulk-loader".
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar:benchmarks/target/lib/* io.zerone.insights.bench.BulkLoad \
 *     --bootstrap=localhost:9092 --from=0 --count=1000000
 * </pre>
 */
public final class BulkLoad {

    public static void main(String[] arguments) throws Exception {
        Args args = new Args(arguments);
        long from = args.number("from", 0);
        long count = args.number("count", 10_000);
        Generator generator = new Generator(args.text("prefix", ""));
        CloudEventCodec codec = new CloudEventCodec();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();

        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args.text("bootstrap", "localhost:9092"),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024),
                new StringSerializer(), new ByteArraySerializer())) {
            for (long i = from; i < from + count; i++) {
                producer.send(codec.toRecord(Topics.INSIGHT_EVENTS, generator.insight(i).published("bulk-loader")),
                        (metadata, error) -> {
                            if (error != null && failed.incrementAndGet() == 1) {
                                firstFailure.set(error);
                            }
                        });
                if ((i - from + 1) % 100_000 == 0) {
                    System.err.printf("bulk load: %,d sent in %.0f s%n", i - from + 1, (System.nanoTime() - started) / 1e9);
                }
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (failed.get() > 0) {
            System.err.println("bulk load: " + failed.get() + " sends failed, first: " + firstFailure.get());
        }
        Figures.print("bulk_produced_per_s", count / seconds);
        Figures.count("bulk_failed", failed.get());
    }
}
