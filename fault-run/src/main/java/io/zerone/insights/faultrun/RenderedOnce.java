package io.zerone.insights.faultrun;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.RenderedEvent;
import io.zerone.insights.events.Topics;

/**
 * Exactly once across a {@code kill -9} of render-service, read off the topics themselves: the projector skips a
 * source event it applied before, so the site alone cannot show a record rendered twice. Every event on
 * insight-events has its rendered record on insight-rendered (read committed), and none has more than it was sent: a
 * batch the killed process had produced but not committed is aborted, and the replacement renders it once. An event
 * sent twice under one eventId (ingest retrying a send whose answer it lost) may have one or two.
 */
final class RenderedOnce {

    private final String bootstrap;
    private final CloudEventCodec codec = new CloudEventCodec();
    private int events;
    private int records;

    RenderedOnce(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** What breaks the rule, one line each; empty when it holds. Call once everything sent has been rendered. */
    List<String> problems(Set<String> poisonKeys) {
        Map<UUID, Integer> sent = new HashMap<>();
        readAll(Topics.INSIGHT_EVENTS, record -> {
            String id = CloudEventCodec.header(record.headers(), CloudEventCodec.ID);
            // the poison records go to the dead-letter topic, not to insight-rendered
            if (!poisonKeys.contains(record.key()) && id != null) {
                sent.merge(UUID.fromString(id), 1, Integer::sum);
            }
        });
        Map<UUID, Integer> rendered = new HashMap<>();
        readAll(Topics.INSIGHT_RENDERED, record -> rendered.merge(
                ((RenderedEvent) codec.fromRecord(record)).sourceEventId(), 1, Integer::sum));
        events = sent.values().stream().mapToInt(Integer::intValue).sum();
        records = rendered.values().stream().mapToInt(Integer::intValue).sum();
        List<String> problems = new ArrayList<>();
        sent.forEach((eventId, times) -> {
            int made = rendered.getOrDefault(eventId, 0);
            if (made == 0) {
                problems.add("event " + eventId + " was never rendered");
            } else if (made > times) {
                problems.add("event " + eventId + " was rendered " + made + " times, sent " + times);
            }
        });
        rendered.keySet().stream().filter(eventId -> !sent.containsKey(eventId))
                .forEach(eventId -> problems.add("insight-rendered holds a record of no event: " + eventId));
        return problems;
    }

    /** What the last check read: events on insight-events (the poison left out), records on insight-rendered. */
    String counted() {
        return events + " events on " + Topics.INSIGHT_EVENTS + ", " + records + " records on "
                + Topics.INSIGHT_RENDERED;
    }

    /** Every committed record of the topic, up to its end as it is now. */
    private void readAll(String topic, Consumer<ConsumerRecord<String, byte[]>> each) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end is the last stable offset, past which nothing is read until it is decided
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end in 60 s");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }
}
