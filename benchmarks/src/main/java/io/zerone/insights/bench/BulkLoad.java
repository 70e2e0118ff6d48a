package io.zerone.insights.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

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
 * <p>The events are generated into a file under {@code --dir} first, untimed, and then sent from it: the clock of
 * the end-to-end figure starts at the first send ({@code bulk_first_send_epoch_ms}), and the generator's CPU does
 * not compete with the pipeline while it is measured. The file is deleted after the send.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar:benchmarks/target/lib/* io.zerone.insights.bench.BulkLoad \
 *     --bootstrap=localhost:9092 --from=0 --count=1000000 --dir=.bench
 * </pre>
 */
public final class BulkLoad {

    public static void main(String[] arguments) throws Exception {
        Args args = new Args(arguments);
        long from = args.number("from", 0);
        long count = args.number("count", 10_000);
        Path file = Path.of(args.text("dir", System.getProperty("java.io.tmpdir")), "bulk-" + from + "-" + count + ".records");
        generate(new Generator(args.text("prefix", "")), from, count, file);
        try {
            send(args.text("bootstrap", "localhost:9092"), count, file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void generate(Generator generator, long from, long count, Path file) throws IOException {
        CloudEventCodec codec = new CloudEventCodec();
        long started = System.nanoTime();
        long chunk = 1000;
        try (DataOutputStream out = RecordFile.create(file)) {
            // chunks on every core, written in order: the order of a slug's events does not matter here (one each),
            // but a run must send the same sequence every time
            LongStream.range(0, (count + chunk - 1) / chunk).parallel().mapToObj(c -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (DataOutputStream records = new DataOutputStream(bytes)) {
                    for (long i = from + c * chunk; i < Math.min(from + count, from + (c + 1) * chunk); i++) {
                        RecordFile.write(records, codec.toRecord(Topics.INSIGHT_EVENTS,
                                generator.insight(i).published("bulk-loader")));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return bytes.toByteArray();
            }).forEachOrdered(bytes -> {
                try {
                    out.write(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.err.printf("bulk load: generated %,d events (%,d MB) in %.0f s, untimed%n", count,
                Files.size(file) >> 20, seconds);
        Figures.print("bulk_generated_per_s", count / seconds);
    }

    private static void send(String bootstrap, long count, Path file) throws IOException {
        AtomicLong failed = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        long firstSend = System.currentTimeMillis();
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024),
                new StringSerializer(), new ByteArraySerializer())) {
            RecordFile.forEach(file, record -> {
                producer.send(record, (metadata, error) -> {
                    if (error != null && failed.incrementAndGet() == 1) {
                        firstFailure.set(error);
                    }
                });
                if (sent.incrementAndGet() % 100_000 == 0) {
                    System.err.printf("bulk load: %,d sent in %.0f s%n", sent.get(), (System.nanoTime() - started) / 1e9);
                }
            });
            producer.flush();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (failed.get() > 0) {
            System.err.println("bulk load: " + failed.get() + " sends failed, first: " + firstFailure.get());
        }
        Figures.count("bulk_first_send_epoch_ms", firstSend);
        Figures.print("bulk_produced_per_s", count / seconds);
        Figures.count("bulk_failed", failed.get());
    }
}
