package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import io.zerone.insights.events.Replicas;
import io.zerone.insights.events.Topics;
import io.zerone.insights.testsupport.Infrastructure;
import io.zerone.insights.testsupport.StaticMembers;

/**
 * An ingest replica killed with kill -9 and started again under its INSIGHTS_INSTANCE_ID gets back at once the
 * partitions its killed run held in the receipts' and the webhooks' groups, as a static member, instead of after the
 * dead members' session timed out (45 s), while receipts and Prefer: wait stood still.
 * The killed run is played, before the service starts, by consumers with its ids that vanish without leaving. Each
 * test has groups of its own, so that no static member of it outlives the test in a group another test uses. A
 * replica stopped cleanly leaves its groups at once, so that one scaled away does not hold its partitions that long.
 */
class ReplicaRestartIntegrationTests {

    /** Well under the session timeout (45 s) the restart must not wait for. */
    private static final Duration AT_ONCE = Duration.ofSeconds(10);
    /** Under the 30 s a consumer's close waits for the group coordinator's answers before it gives up. */
    private static final Duration CLOSED = Duration.ofSeconds(20);

    private static String bootstrapServers;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String receiptsGroup = "receipts-restart-" + run;
    private final String webhooksGroup = "webhooks-restart-" + run;
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    @BeforeAll
    static void topicsTheListenersRead() throws Exception {
        bootstrapServers = Infrastructure.kafkaBootstrapServers();
        for (String topic : List.of(Topics.INSIGHT_STATUS, Topics.INSIGHT_RENDERED, Topics.INSIGHT_EVENTS_DLT,
                Topics.INSIGHT_RENDERED_DLT)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
                admin.createTopics(List.of(new NewTopic(topic, Topics.DEFAULT_PARTITIONS, (short) 1))).all().get();
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(TopicExistsException.class);
            }
        }
    }

    @AfterEach
    void stop() {
        started.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void restartedReplicaTakesOverThePartitionsItsKilledRunHeld() {
        String instanceId = "killed-" + run;
        Set<TopicPartition> receipts = vanishedGroupMember(receiptsGroup,
                Replicas.groupInstanceId(receiptsGroup, instanceId) + "-receipts-status-0");
        Set<TopicPartition> webhooks = vanishedGroupMember(webhooksGroup,
                Replicas.groupInstanceId(webhooksGroup, instanceId) + "-webhooks-status-0");

        KafkaListenerEndpointRegistry listeners = start(instanceId).getBean(KafkaListenerEndpointRegistry.class);

        await().atMost(AT_ONCE).until(() -> listeners.getListenerContainer("receipts-status").getAssignedPartitions(),
                assigned -> assigned.containsAll(receipts));
        await().atMost(AT_ONCE).until(() -> listeners.getListenerContainer("webhooks-status").getAssignedPartitions(),
                assigned -> assigned.containsAll(webhooks));
    }

    @Test
    void stoppedReplicaLeavesItsGroupsAtOnce() {
        String instanceId = "stopped-" + run;
        List<String> groups = List.of(receiptsGroup, webhooksGroup);
        ConfigurableApplicationContext ingest = start(instanceId);
        // four listeners in the receipts' group, three in the webhooks'
        await().atMost(Duration.ofSeconds(30)).until(() -> StaticMembers.settled(instanceId, groups),
                members -> members.size() == 7);

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(ingest::close);

        // counted from the start of the close: members that closed without leaving stay until their session ends
        await().atMost(AT_ONCE).until(() -> StaticMembers.of(instanceId, groups), Set::isEmpty);
        assertThat(stopping).succeedsWithin(CLOSED);
    }

    /** A static member that got partitions of insight-status and then vanished without leaving the group. */
    private Set<TopicPartition> vanishedGroupMember(String group, String groupInstanceId) {
        KafkaConsumer<String, byte[]> member = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupInstanceId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        try {
            member.subscribe(List.of(Topics.INSIGHT_STATUS));
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

    private ConfigurableApplicationContext start(String instanceId) {
        List<String> arguments = new ArrayList<>(Infrastructure.database().commandLineArguments());
        arguments.add("--server.port=0");
        arguments.add("--spring.kafka.bootstrap-servers=" + bootstrapServers);
        arguments.add("--insights.instance-id=" + instanceId);
        arguments.add("--insights.ingest.receipts.group-id=" + receiptsGroup);
        arguments.add("--insights.webhooks.group-id=" + webhooksGroup);
        // a subscriber, so that the webhook listeners run; nothing is delivered to it here
        arguments.add("--insights.webhooks.subscribers[0].url=http://localhost:9/hooks");
        arguments.add("--insights.webhooks.subscribers[0].secret=" + WebhooksIntegrationTests.SECRET);
        ConfigurableApplicationContext ingest = IngestServiceApplication.builder().run(arguments.toArray(String[]::new));
        started.add(ingest);
        return ingest;
    }
}
