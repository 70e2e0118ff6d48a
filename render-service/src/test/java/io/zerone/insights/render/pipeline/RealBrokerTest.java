package io.zerone.insights.render.pipeline;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.RenderServiceApplication;
import io.zerone.insights.render.SeedEvents;
import io.zerone.insights.testsupport.WithKafka;

/**
 * The service against a real broker, for the *IntegrationTests of this package. They share one application context
 * (same configuration, so Spring's test context cache starts it once) and one broker; each test uses slugs of its
 * own, so no test sees another's outputs.
 */
@SpringBootTest(classes = RenderServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + RenderServiceApplication.CONFIG_NAME, "insights.render.pipeline.partitions=3"})
@WithKafka
@Import({RealBrokerTest.InputTopic.class, BrokerHiccups.class, BatchLog.class})
abstract class RealBrokerTest {

    /** ingest-service owns insight-events; here the test creates it, with fewer partitions than the DLT would need. */
    @TestConfiguration(proxyBeanMethods = false)
    static class InputTopic {

        @Bean
        NewTopic insightEvents() {
            return TopicBuilder.name(Topics.INSIGHT_EVENTS).partitions(EVERY_PARTITION.size()).configs(Topics.COMPACTED)
                    .build();
        }

        @Bean
        NewTopic insightPreviews() {
            return TopicBuilder.name(Topics.INSIGHT_PREVIEWS).partitions(3).configs(Topics.PREVIEWS).build();
        }

        @Bean
        NewTopic caseEvents() {
            return TopicBuilder.name(Topics.CASE_EVENTS).partitions(3).configs(Topics.COMPACTED).build();
        }
    }

    static final Duration PATIENCE = Duration.ofSeconds(60);
    /** The partitions of insight-events here. */
    static final List<Integer> EVERY_PARTITION = List.of(0, 1, 2);
    private static final AtomicInteger LATER = new AtomicInteger();

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Value("${local.server.port}")
    int port;

    @Autowired
    Environment environment;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    KafkaAdmin admin;

    final CloudEventCodec codec = new CloudEventCodec();
    final String run = UUID.randomUUID().toString().substring(0, 8);
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void startProducer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stopProducer() {
        producer.close();
    }

    <T> List<T> awaitRendered(Class<T> type, Predicate<T> wanted, int count) {
        Predicate<ConsumerRecord<String, byte[]>> ofType = record -> type.isInstance(decode(record))
                && wanted.test(type.cast(decode(record)));
        return awaitOutputs(ofType, count).stream().map(this::decode).map(type::cast).toList();
    }

    List<ConsumerRecord<String, byte[]>> awaitOutputs(Predicate<ConsumerRecord<String, byte[]>> wanted, int count) {
        try (TopicReader outputs = new TopicReader(bootstrapServers, Topics.INSIGHT_RENDERED)) {
            return await().atMost(PATIENCE).until(() -> outputs.poll().stream().filter(wanted).toList(),
                    list -> list.size() >= count);
        }
    }

    /**
     * Everything committed on insight-rendered whose key passes, read once a later record of each of these partitions
     * of insight-events is rendered. The service renders a partition in order, so a second rendering of one of its
     * earlier records (a batch run again after it committed) is committed before the later record's, however late:
     * counting what {@link #awaitOutputs} returned sees only the copies that had come by then.
     */
    List<ConsumerRecord<String, byte[]>> renderedBeforeALaterRecord(Collection<Integer> partitions,
            Predicate<String> keys) throws Exception {
        InsightPublished template = SeedEvents.load().get(0);
        List<String> later = new ArrayList<>();
        for (int partition : partitions) {
            String slug = "later-" + run + "-" + partition + "-" + LATER.incrementAndGet();
            ProducerRecord<String, byte[]> record = codec.toRecord(Topics.INSIGHT_EVENTS, new InsightPublished(
                    UUID.randomUUID(), template.occurredAt(), template.source(), template.insight().withSlug(slug),
                    template.body()));
            send(new ProducerRecord<>(Topics.INSIGHT_EVENTS, partition, record.key(), record.value(),
                    record.headers()));
            later.add(slug);
        }
        awaitOutputs(record -> later.contains(record.key()), later.size());
        try (TopicReader committed = new TopicReader(bootstrapServers, Topics.INSIGHT_RENDERED)) {
            return committed.readToEnd().stream().filter(record -> keys.test(record.key())).toList();
        }
    }

    Object decode(ConsumerRecord<String, byte[]> record) {
        return codec.fromRecord(record);
    }

    void send(ProducerRecord<String, byte[]> record) throws Exception {
        producer.send(record).get();
    }

    /**
     * Sends the records in one producer transaction while the service is paused, and lets it go on once all of them
     * are committed: it then finds them together in one poll, so those of one consumer thread make one batch.
     *
     * @return the offset of each record, in the order given
     */
    List<Long> sendAsOneBatch(List<ProducerRecord<String, byte[]>> records) throws Exception {
        MessageListenerContainer service = listeners.getListenerContainer(InsightEventsListener.ID);
        service.pause();
        try (KafkaProducer<String, byte[]> transactional = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + UUID.randomUUID()),
                new StringSerializer(), new ByteArraySerializer())) {
            await().atMost(PATIENCE).until(service::isContainerPaused);
            transactional.initTransactions();
            transactional.beginTransaction();
            List<Future<RecordMetadata>> sent = records.stream().map(transactional::send).toList();
            transactional.commitTransaction();
            List<RecordMetadata> positions = new ArrayList<>();
            for (Future<RecordMetadata> metadata : sent) {
                positions.add(metadata.get());
            }
            awaitReadCommitted(positions);
            return positions.stream().map(RecordMetadata::offset).toList();
        } finally {
            service.resume();
        }
    }

    /** The commit markers reach the partitions one after the other: waits until all of them are readable. */
    private void awaitReadCommitted(List<RecordMetadata> positions) {
        Map<TopicPartition, Long> ends = positions.stream().collect(Collectors.toMap(
                metadata -> new TopicPartition(metadata.topic(), metadata.partition()),
                metadata -> metadata.offset() + 1, Math::max));
        try (Admin kafka = Admin.create(admin.getConfigurationProperties())) {
            Map<TopicPartition, OffsetSpec> latest =
                    ends.keySet().stream().collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
            ListOffsetsOptions readCommitted = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
            await().atMost(PATIENCE).until(() -> kafka.listOffsets(latest, readCommitted).all().get().entrySet().stream()
                    .allMatch(end -> end.getValue().offset() >= ends.get(end.getKey())));
        }
    }

    static UUID eventId(ProducerRecord<String, byte[]> record) {
        return UUID.fromString(CloudEventCodec.header(record.headers(), CloudEventCodec.ID));
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        return CloudEventCodec.header(record.headers(), name);
    }
}
