package io.zerone.insights.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.StatusEvent;
import io.zerone.insights.events.Topics;

/** Reads insight-status from the start to its end, as a receipts consumer would, without a consumer group. */
public final class StatusTopic {

    private static final CloudEventCodec CODEC = new CloudEventCodec();

    private StatusTopic() {
    }

    /** Every status of the source event on the topic so far, in topic order, each checked against its envelope and key. */
    public static List<StatusEvent> about(KafkaConnectionDetails kafka, UUID sourceEventId) {
        return all(kafka).stream().filter(status -> status.sourceEventId().equals(sourceEventId)).toList();
    }

    /** Every status on the topic so far, partition by partition, each in its order. */
    public static List<StatusEvent> all(KafkaConnectionDetails kafka) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, Topics.DEFAULT_PARTITIONS)
                    .mapToObj(p -> new TopicPartition(Topics.INSIGHT_STATUS, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<StatusEvent> statuses = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    statuses.add(decode(record));
                }
            }
            return statuses;
        }
    }

    /** The status a record carries, its envelope checked as {@link CloudEventCodec#fromRecord} checks events'. */
    private static StatusEvent decode(ConsumerRecord<String, byte[]> record) {
        StatusEvent status = (StatusEvent) CODEC.fromJson(record.value(),
                CloudEventCodec.header(record.headers(), CloudEventCodec.TYPE));
        assertThat(CloudEventCodec.header(record.headers(), CloudEventCodec.ID)).isEqualTo(status.eventId().toString());
        assertThat(CloudEventCodec.header(record.headers(), CloudEventCodec.SPECVERSION)).isEqualTo("1.0");
        assertThat(record.key()).isEqualTo(status.slug());
        return status;
    }
}
