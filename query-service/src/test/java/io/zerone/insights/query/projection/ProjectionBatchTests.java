package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightRemoved;
import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.Revision;
import io.zerone.insights.events.Topics;

class ProjectionBatchTests {

    private static final String TOPIC = Topics.INSIGHT_RENDERED;

    @Test
    void keepsTheGoodRecordsAroundOneThatIsNoEventAndTheNextOffsetOfEveryPartition() {
        var batch = ProjectionBatch.decode(TOPIC, List.of(event(0, 10, "a"), poison(0, 11), event(1, 4, "b")));

        assertThat(batch.events()).extracting(ProjectionBatch.Positioned::offset).containsExactly(10L, 4L);
        assertThat(batch.undecodable()).singleElement().satisfies(bad -> {
            assertThat(bad.record().offset()).isEqualTo(11);
            assertThat(bad.reason()).isInstanceOf(MalformedEventException.class);
        });
        assertThat(batch.nextOffsets()).isEqualTo(Map.of(0, 12L, 1, 5L));
    }

    @Test
    void dropsWhatTheProjectionHoldsAlready() {
        var batch = ProjectionBatch.decode(TOPIC, List.of(event(0, 10, "a"), poison(0, 11), event(1, 4, "b")));

        var fresh = batch.from(Map.of(0, 12L, 1, 4L));

        assertThat(fresh.events()).extracting(ProjectionBatch.Positioned::offset).containsExactly(4L);
        assertThat(fresh.undecodable()).isEmpty();
        assertThat(fresh.nextOffsets()).isEqualTo(Map.of(1, 5L));
        assertThat(batch.size() - fresh.size()).isEqualTo(2);
    }

    private static ConsumerRecord<String, byte[]> event(int partition, long offset, String slug) {
        var removed = new InsightRemoved(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), new Revision(0, offset),
                slug, null);
        ProducerRecord<String, byte[]> record = new CloudEventCodec().toRecord(TOPIC, removed);
        return new ConsumerRecord<>(TOPIC, partition, offset, 0L, TimestampType.CREATE_TIME, 0, 0, record.key(),
                record.value(), record.headers(), Optional.empty());
    }

    private static ConsumerRecord<String, byte[]> poison(int partition, long offset) {
        ConsumerRecord<String, byte[]> template = event(partition, offset, "c");
        return new ConsumerRecord<>(TOPIC, partition, offset, 0L, TimestampType.CREATE_TIME, 0, 0, "c",
                "{\"not\": \"an event\"}".getBytes(StandardCharsets.UTF_8), template.headers(), Optional.empty());
    }
}
