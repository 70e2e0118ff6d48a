package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.zerone.insights.events.Topics;

/** insight-events read from its end at creation: what a test's requests wrote, and nothing before. */
final class InsightEventsTopic implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    InsightEventsTopic(String bootstrapServers) {
        this(bootstrapServers, Topics.INSIGHT_EVENTS);
    }

    /** Another topic of ingest-service, read the same way. */
    InsightEventsTopic(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** The records written since, once at least this many arrived. */
    List<ConsumerRecord<String, byte[]>> atLeast(int expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            assertThat(records).hasSizeGreaterThanOrEqualTo(expected);
        });
        return List.copyOf(records);
    }

    /** The records written since, once exactly this many arrived and no further one for two seconds. */
    List<ConsumerRecord<String, byte[]>> exactly(int expected) {
        atLeast(expected);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            assertThat(records).hasSize(expected);
        });
        return List.copyOf(records);
    }

    /**
     * The records written since, read up to the topic's end as it is now: without waiting for more. Enough once a test
     * has its answer, since ingest answers only after Kafka acknowledged what it wrote for the request.
     */
    List<ConsumerRecord<String, byte[]>> upToNow() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
        });
        return List.copyOf(records);
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
