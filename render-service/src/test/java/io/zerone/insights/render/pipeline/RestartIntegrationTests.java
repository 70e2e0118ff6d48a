package io.zerone.insights.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.Replicas;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.RenderServiceApplication;
import io.zerone.insights.render.SeedEvents;
import io.zerone.insights.testsupport.Infrastructure;
import io.zerone.insights.testsupport.StaticMembers;

/**
 * A replica restarted under its INSIGHTS_INSTANCE_ID after a kill -9 renders again at once: it takes over the
 * partitions its dead run still holds in the group and aborts the transaction that run left open, instead of waiting
 * for the dead member's session (45 s) and the open transaction (60 s) to time out. The dead run is played by
 * clients with its ids that vanish without leaving, as a killed process does. A replica stopped cleanly leaves its
 * groups at once instead, so that one scaled away does not hold its partitions that long. Each test starts the service
 * itself, after setting the scene.
 */
class RestartIntegrationTests {

    /** Well under the timeouts the restart must not wait for, and the bound for a stage to process again. */
    private static final Duration AT_ONCE = Duration.ofSeconds(10);
    /** Under the 30 s a consumer's close waits for the group coordinator's answers before it gives up. */
    private static final Duration CLOSED = Duration.ofSeconds(20);
    private static final int PARTITIONS = 3;

    private static String bootstrapServers;
    private final CloudEventCodec codec = new CloudEventCodec();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void inputTopic() throws Exception {
        bootstrapServers = Infrastructure.kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(Topics.INSIGHT_EVENTS, PARTITIONS, (short) 1).configs(Topics.COMPACTED)))
                    .all().get();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TopicExistsException.class);
        }
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void restartedReplicaTakesOverThePartitionsItsKilledRunHeld() throws Exception {
        String instanceId = "killed-" + run;
        Set<TopicPartition> held = vanishedGroupMember(Replicas.groupInstanceId(Topics.RENDER_GROUP, instanceId) + "-0");

        startService(instanceId, 1);
        InsightPublished insight = SeedEvents.load("-restarted-" + run).get(0);
        ProducerRecord<String, byte[]> event = codec.toRecord(Topics.INSIGHT_EVENTS, insight);
        send(new ProducerRecord<>(Topics.INSIGHT_EVENTS, held.iterator().next().partition(), event.key(), event.value(),
                event.headers()));

        awaitRendered(insight.slug());
    }

    @Test
    void restartedReplicaAbortsTheTransactionItsKilledRunLeftOpen() throws Exception {
        String instanceId = "fenced-" + run;
        InsightPublished insight = SeedEvents.load("-unblocked-" + run).get(1);
        // the killed run's second consumer thread was writing to the partition this slug's rendering goes to
        openTransaction(Replicas.groupInstanceId(Topics.RENDER_GROUP, instanceId) + "-1", insight.slug());

        // two threads: the one that renders the slug uses the first transactional id, so only initializing every id
        // at the start (PreviousRunFence) aborts the open transaction of the second
        startService(instanceId, 2);
        send(codec.toRecord(Topics.INSIGHT_EVENTS, insight));

        awaitRendered(insight.slug());
    }

    @Test
    void stoppedReplicaLeavesItsGroupsAtOnce() {
        String instanceId = "stopped-" + run;
        // the insights' path, with its Kafka transaction manager, and the previews' and cases', without one
        List<String> groups = List.of(Topics.RENDER_GROUP, Topics.RENDER_PREVIEWS_GROUP, Topics.RENDER_CASES_GROUP);
        ConfigurableApplicationContext service = startService(instanceId, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> StaticMembers.settled(instanceId, groups),
                members -> members.size() == groups.size());

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(service::close);

        // counted from the start of the close: members that closed without leaving stay until their session ends
        await().atMost(AT_ONCE).until(() -> StaticMembers.of(instanceId, groups), Set::isEmpty);
        assertThat(stopping).succeedsWithin(CLOSED);
    }

    /** A static member that got partitions of insight-events and then vanished without leaving the group. */
    private Set<TopicPartition> vanishedGroupMember(String groupInstanceId) {
        KafkaConsumer<String, byte[]> member = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, Topics.RENDER_GROUP,
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupInstanceId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        try {
            member.subscribe(List.of(Topics.INSIGHT_EVENTS));
            Set<TopicPartition> held = await().atMost(Duration.ofSeconds(60)).until(() -> {
                member.poll(Duration.ofMillis(200));
                return member.assignment();
            }, assignment -> !assignment.isEmpty());
            return Set.copyOf(held);
        } finally {
            // as a killed process: the broker still counts it a member until its session times out
            member.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.REMAIN_IN_GROUP));
        }
    }

    /** A transaction with a record on the slug's partition of insight-rendered, begun and never ended. */
    private void openTransaction(String transactionalId, String slug) throws Exception {
        KafkaProducer<String, byte[]> killed = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId), new StringSerializer(), new ByteArraySerializer());
        cleanup.add(() -> killed.close(Duration.ZERO));
        killed.initTransactions();
        killed.beginTransaction();
        int partition = Utils.toPositive(Utils.murmur2(slug.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
        killed.send(new ProducerRecord<>(Topics.INSIGHT_RENDERED, partition, slug, new byte[0])).get();
    }

    private ConfigurableApplicationContext startService(String instanceId, int concurrency) {
        ConfigurableApplicationContext service = RenderServiceApplication.builder().run(
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--insights.instance-id=" + instanceId,
                "--spring.kafka.listener.concurrency=" + concurrency,
                "--insights.render.pipeline.partitions=" + PARTITIONS,
                "--server.port=0");
        cleanup.add(service);
        return service;
    }

    private void send(ProducerRecord<String, byte[]> record) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get();
        }
    }

    /** Readable read_committed, as the projector reads, within {@link #AT_ONCE} of the service having started. */
    private void awaitRendered(String slug) {
        try (TopicReader rendered = new TopicReader(bootstrapServers, Topics.INSIGHT_RENDERED)) {
            await().atMost(AT_ONCE).until(() -> rendered.poll().stream()
                    .filter(record -> slug.equals(record.key()) && record.value().length > 0)
                    .anyMatch(record -> codec.fromRecord(record) instanceof InsightRendered));
        }
    }
}
