package io.zerone.insights.faultrun;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightMetadata;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.Topics;

/**
 * Records on insight-events that no editor could send through the API: a CloudEvent whose JSON is cut off, and an
 * insight whose slug is a path. render-service must move each to the dead-letter topic and carry on.
 */
final class Poison {

    private final String bootstrap;
    private final CloudEventCodec codec = new CloudEventCodec();
    private final Set<String> injected = new HashSet<>();

    Poison(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** Writes one of each kind; returns how many. */
    int inject(int round) {
        InsightPublished unsafe = new InsightPublished(UUID.randomUUID(), Instant.now(), "fault-run",
                new InsightMetadata("../../etc/passwd-" + round, "Unsafe slug", "A slug that is a path.", "Reliability",
                        Instant.parse("2026-01-01T00:00:00Z"), 1, null, List.of(), "en"),
                "Poison.");
        ProducerRecord<String, byte[]> valid = codec.toRecord(Topics.INSIGHT_EVENTS, new InsightPublished(
                UUID.randomUUID(), Instant.now(), "fault-run",
                new InsightMetadata("fault-run-poison-json-" + round, "Cut off", "Bad JSON.", "Reliability",
                        Instant.parse("2026-01-01T00:00:00Z"), 1, null, List.of(), "en"),
                "x"));
        ProducerRecord<String, byte[]> badJson = new ProducerRecord<>(valid.topic(), null, valid.key(),
                "{\"slug\": \"fault-run-poison".getBytes(java.nio.charset.StandardCharsets.UTF_8), valid.headers());
        List<ProducerRecord<String, byte[]>> records = List.of(codec.toRecord(Topics.INSIGHT_EVENTS, unsafe), badJson);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record).get();
                synchronized (injected) {
                    injected.add(record.key());
                }
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not inject poison", e);
        }
        return records.size();
    }

    /** The keys of the records injected so far. */
    Set<String> keys() {
        synchronized (injected) {
            return Set.copyOf(injected);
        }
    }

    int injected() {
        synchronized (injected) {
            return injected.size();
        }
    }

    /** How many of the injected records the dead-letter topic holds, read until all are there or {@code timeout}. */
    int deadLettered(Duration timeout) {
        Set<String> expected;
        synchronized (injected) {
            expected = new HashSet<>(injected);
        }
        Set<String> found = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.INSIGHT_EVENTS_DLT).forEach(info -> partitions.add(
                    new org.apache.kafka.common.TopicPartition(info.topic(), info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!found.containsAll(expected) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (expected.contains(record.key())) {
                        found.add(record.key());
                    }
                }
            }
        }
        return found.size();
    }
}
