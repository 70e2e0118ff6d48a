package io.zerone.insights.query;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.r2dbc.core.DatabaseClient;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.RenderedEvent;
import io.zerone.insights.events.Topics;
import io.zerone.insights.events.cases.CaseRendered;
import io.zerone.insights.events.cases.CaseRenderedEvent;
import io.zerone.insights.query.cache.InsightChanges;

/**
 * Stands in for render-service: creates its topic and writes its events, and waits until the projector applied
 * them.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestPipeline implements DisposableBean {

    public static final String PROJECTOR_GROUP = Topics.PROJECTOR_GROUP;

    private final CloudEventCodec codec = new CloudEventCodec();
    private final KafkaProducer<String, byte[]> producer;
    private final DatabaseClient database;
    private final Admin admin;
    private final InsightChanges changes;
    private final ChangeNotifications notifications;

    TestPipeline(KafkaConnectionDetails kafka, DatabaseClient database, InsightChanges changes,
            R2dbcConnectionDetails r2dbc) {
        String bootstrapServers = String.join(",", kafka.getBootstrapServers());
        this.changes = changes;
        // listening before the projector starts: this sees the same notifications as the cache, in the same order
        this.notifications = ChangeNotifications.listen(r2dbc);
        // records up to 4 MiB, as render-service's producer sends them
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer());
        this.database = database;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    @Bean
    NewTopic insightRenderedTopic() {
        return TopicBuilder.name(Topics.INSIGHT_RENDERED).partitions(Topics.DEFAULT_PARTITIONS)
                .configs(Topics.COMPACTED).build();
    }

    /** render-service owns this one too: the pages of draft previews. */
    @Bean
    NewTopic insightPreviewsRenderedTopic() {
        return TopicBuilder.name(Topics.INSIGHT_PREVIEWS_RENDERED).partitions(3).configs(Topics.PREVIEWS).build();
    }

    /** render-service owns this one too: the rendered cases. */
    @Bean
    NewTopic caseRenderedTopic() {
        return TopicBuilder.name(Topics.CASE_RENDERED).partitions(3).configs(Topics.COMPACTED).build();
    }

    /**
     * Publishes rendered cases that are each a newer revision of a case of their own, and waits until the cases table
     * holds them and this replica received as many change notifications as the case projector sent for them: one per
     * applied case, except for the removal of a case that is not published, which changes nothing anyone sees.
     */
    public void publishCasesAndAwait(List<? extends CaseRenderedEvent> events) {
        long received = changes.received();
        int seen = notifications.payloads().size();
        long notices = events.stream().filter(event -> event instanceof CaseRendered || casePublished(event.number()))
                .count();
        events.forEach(event -> send(codec.toRecord(Topics.CASE_RENDERED, event)));
        Map<String, Long> expected = new HashMap<>();
        events.forEach(event -> expected.merge(event.number(), event.revision().offset(), Math::max));
        await().atMost(Duration.ofSeconds(30)).until(() -> expected.entrySet().stream()
                .allMatch(e -> appliedCaseOffset(e.getKey()) >= e.getValue()));
        await().atMost(Duration.ofSeconds(10)).until(() -> notifications.payloads().size() - seen >= notices);
        int sent = notifications.payloads().size() - seen;
        await().atMost(Duration.ofSeconds(10)).until(() -> changes.received() - received >= sent);
    }

    /** Publishes the eight cases the seed names (01-08) as their newest revisions: "8 Cases" on the listing. */
    public void publishSeedCases() {
        publishCasesAndAwait(RenderedCases.seedCases());
    }

    private boolean casePublished(String number) {
        return database.sql("select count(*) from cases where number = :number and removed_at is null")
                .bind("number", number).map(row -> row.get(0, Long.class)).one().block() > 0;
    }

    public long appliedCaseOffset(String number) {
        return database.sql("select revision_offset from cases where number = :number").bind("number", number)
                .map(row -> row.get(0, Long.class)).one().defaultIfEmpty(-1L).block();
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
     * received their change notifications (so its cache no longer holds anything older). The projector notifies once
     * per batch: the wait ends when the cache has received as many notifications as a listener of its own saw until
     * every published slug was named.
     */
    public void publishAndAwait(List<? extends RenderedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        // a cached context that Spring's test framework paused for another one listens again only some moments
        // after it is resumed: notifications sent before that never reach its cache
        await().atMost(Duration.ofSeconds(30)).until(changes::listening);
        int seen = notifications.payloads().size();
        long received = changes.received();
        events.forEach(this::send);
        Map<String, Long> expected = new HashMap<>();
        events.forEach(event -> expected.merge(event.slug(), event.revision().offset(), Math::max));
        await().atMost(Duration.ofSeconds(30)).until(() -> appliedOffsets(expected.keySet()).entrySet().stream()
                .filter(applied -> applied.getValue() >= expected.get(applied.getKey())).count() == expected.size());
        // a tombstone of a slug never live changes no answer, and no notice names it
        Set<String> shown = new HashSet<>(expected.keySet());
        shown.removeAll(neverLive(expected.keySet()));
        if (shown.isEmpty()) {
            return;
        }
        AtomicInteger covering = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<String> since = notifications.payloads().subList(seen, notifications.payloads().size());
            Set<String> named = new HashSet<>();
            since.forEach(payload -> named.addAll(List.of(payload.split(" "))));
            covering.set(since.size());
            return named.contains("*") || named.containsAll(shown);
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> changes.received() - received >= covering.get());
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

    /**
     * Waits until the projector has applied every record written to its topic so far: the offsets stored with the
     * projection, not the consumer group's, say what it applied.
     */
    public void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<Integer, Long> stored = storedOffsets();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int partition = 0; partition < Topics.DEFAULT_PARTITIONS; partition++) {
                latest.put(new TopicPartition(Topics.INSIGHT_RENDERED, partition), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            return ends.entrySet().stream().allMatch(end ->
                    stored.getOrDefault(end.getKey().partition(), 0L) >= end.getValue().offset());
        });
    }

    /** The next offset of each partition stored with the active projection generation. */
    public Map<Integer, Long> storedOffsets() {
        return database.sql("select partition, next_offset from " + activeGeneration() + ".consumed_offset")
                .map(row -> Map.entry(row.get(0, Integer.class), row.get(1, Long.class))).all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue).block();
    }

    /** The schema of the projection generation readers see. */
    public String activeGeneration() {
        return database.sql("select schema_name from projection_generation where state = 'active'")
                .map(row -> row.get(0, String.class)).one().block();
    }

    /**
     * Makes the projector read its topic from the first record again, as an operator replaying the topic would: the
     * offsets and source events stored with the projection are forgotten while the projector is stopped.
     */
    public void replayFromTheBeginning(MessageListenerContainer projector) {
        projector.stop();
        String generation = activeGeneration();
        database.sql("delete from " + generation + ".consumed_offset").then().block();
        database.sql("delete from " + generation + ".processed_event").then().block();
        projector.start();
    }

    /** The consumer group's offsets, which the projector ignores, moved back to the first record. */
    public void resetGroupOffsetsToTheBeginning() {
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        for (int partition = 0; partition < Topics.DEFAULT_PARTITIONS; partition++) {
            start.put(new TopicPartition(Topics.INSIGHT_RENDERED, partition), new OffsetAndMetadata(0));
        }
        // the group must be empty first; a stopped consumer leaves it within moments
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> admin.alterConsumerGroupOffsets(PROJECTOR_GROUP, start).all().get() == null);
    }

    /** The consumer group deleted, as an operator cleaning up might; the projector does not need it. */
    public void deleteGroup() {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> admin.deleteConsumerGroups(List.of(PROJECTOR_GROUP)).all().get() == null);
    }

    private Map<String, Long> appliedOffsets(Set<String> slugs) {
        return database.sql("select slug, revision_offset from insight where slug = any(:slugs)")
                .bind("slugs", slugs.toArray(String[]::new))
                .map(row -> Map.entry(row.get(0, String.class), row.get(1, Long.class))).all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue).block();
    }

    private Set<String> neverLive(Set<String> slugs) {
        return new HashSet<>(database.sql("select slug from insight where slug = any(:slugs) and removed_at is not null "
                        + "and not was_live")
                .bind("slugs", slugs.toArray(String[]::new))
                .map(row -> row.get(0, String.class)).all().collectList().block());
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
        notifications.close();
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
