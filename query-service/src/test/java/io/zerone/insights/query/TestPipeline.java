package io.zerone.insights.query;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.r2dbc.core.DatabaseClient;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.RenderedEvent;
import io.zerone.insights.events.Topics;
import io.zerone.insights.query.cache.InsightChanges;

/**
 * Stands in for render-service: creates its topic and writes its events, and waits until the projector applied
 * them.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestPipeline implements DisposableBean {

    public static final String PROJECTOR_GROUP = "query-projector";

    private final CloudEventCodec codec = new CloudEventCodec();
    private final KafkaProducer<String, byte[]> producer;
    private final DatabaseClient database;
    private final Admin admin;
    private final InsightChanges changes;

    TestPipeline(KafkaConnectionDetails kafka, DatabaseClient database, InsightChanges changes) {
        String bootstrapServers = String.join(",", kafka.getBootstrapServers());
        this.changes = changes;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        this.database = database;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    @Bean
    NewTopic insightRenderedTopic() {
        return TopicBuilder.name(Topics.INSIGHT_RENDERED).partitions(Topics.DEFAULT_PARTITIONS)
                .configs(Topics.COMPACTED).build();
    }

    public void send(RenderedEvent event) {
        send(codec.toRecord(Topics.INSIGHT_RENDERED, event));
    }

    public void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not publish " + record.key(), e);
        }
    }

    /**
     * Publishes events that are each a newer revision, and waits until the projection holds them and this replica
     * received their change notifications (so its cache no longer holds anything older).
     */
    public void publishAndAwait(List<? extends RenderedEvent> events) {
        long notified = changes.received();
        events.forEach(this::send);
        events.forEach(event -> await().atMost(Duration.ofSeconds(30))
                .until(() -> appliedOffset(event.slug()) >= event.revision().offset()));
        await().atMost(Duration.ofSeconds(10)).until(() -> changes.received() >= notified + events.size());
    }

    public void publishAndAwait(RenderedEvent event) {
        publishAndAwait(List.of(event));
    }

    /** Brings the nine seed insights back to their seed state as the newest revisions. */
    public List<InsightRendered> publishSeeds() {
        List<InsightRendered> events = Seed.all().stream().map(RenderedEvents::rendered).toList();
        publishAndAwait(events);
        return events;
    }

    /** Waits until the projector has committed every record written to its topic so far. */
    public void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(PROJECTOR_GROUP)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int partition = 0; partition < Topics.DEFAULT_PARTITIONS; partition++) {
                latest.put(new TopicPartition(Topics.INSIGHT_RENDERED, partition), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            return ends.entrySet().stream().allMatch(end -> end.getValue().offset() == 0
                    || committed.containsKey(end.getKey())
                            && committed.get(end.getKey()).offset() >= end.getValue().offset());
        });
    }

    /** Moves the projector back to the first record of its topic, as an operator replaying the topic would. */
    public void replayFromTheBeginning(MessageListenerContainer projector) {
        projector.stop();
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        for (int partition = 0; partition < Topics.DEFAULT_PARTITIONS; partition++) {
            start.put(new TopicPartition(Topics.INSIGHT_RENDERED, partition), new OffsetAndMetadata(0));
        }
        // the group must be empty first; the stopped consumer leaves it within moments
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> admin.alterConsumerGroupOffsets(PROJECTOR_GROUP, start).all().get() == null);
        projector.start();
    }

    public long appliedOffset(String slug) {
        return database.sql("select revision_offset from insight where slug = :slug").bind("slug", slug)
                .map(row -> row.get(0, Long.class)).one().defaultIfEmpty(-1L).block();
    }

    public DatabaseClient database() {
        return database;
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
