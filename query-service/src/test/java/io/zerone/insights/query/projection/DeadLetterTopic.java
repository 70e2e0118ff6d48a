package io.zerone.insights.query.projection;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;

import io.zerone.insights.events.Topics;

/** Reads the projector's dead-letter topic from the start, as an operator would, in a group of its own. */
public final class DeadLetterTopic {

    private DeadLetterTopic() {
    }

    /** The first dead letter whose value contains {@code marker}, awaited for up to 30 s. */
    static ConsumerRecord<String, byte[]> recordContaining(KafkaConnectionDetails kafka, String marker) {
        return recordContaining(kafka, Topics.INSIGHT_RENDERED_DLT, marker);
    }

    /** The same on another dead-letter topic of query-service. */
    public static ConsumerRecord<String, byte[]> recordContaining(KafkaConnectionDetails kafka, String topic,
            String marker) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            var found = new AtomicReference<ConsumerRecord<String, byte[]>>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value() != null && new String(record.value(), StandardCharsets.UTF_8).contains(marker)) {
                        found.set(record);
                    }
                });
                return found.get() != null;
            });
            return found.get();
        }
    }

    /** Every dead letter on the projector's dead-letter topic now whose value contains {@code marker}. */
    static List<ConsumerRecord<String, byte[]>> recordsContaining(KafkaConnectionDetails kafka, String marker) {
        return recordsContaining(kafka, Topics.INSIGHT_RENDERED_DLT, marker);
    }

    /** The same on another dead-letter topic of query-service, read to the topic's end. */
    public static List<ConsumerRecord<String, byte[]>> recordsContaining(KafkaConnectionDetails kafka, String topic,
            String marker) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers())),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value() != null && new String(record.value(), StandardCharsets.UTF_8).contains(marker)) {
                        found.add(record);
                    }
                });
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            return found;
        }
    }
}
