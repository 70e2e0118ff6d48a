package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.zerone.insights.events.Replicas;
import io.zerone.insights.events.Topics;
import io.zerone.insights.query.QueryServiceApplication;
import io.zerone.insights.testsupport.Infrastructure;
import io.zerone.insights.testsupport.WithKafka;
import io.zerone.insights.testsupport.WithPostgres;

/**
 * A query-service replica killed with kill -9 and started again under its INSIGHTS_INSTANCE_ID gets the partitions its
 * killed run held at once, as a static member of the projector's group, instead of after the dead members' session
 * timed out (45 s). The killed run is played, before the service starts, by consumers with its ids that vanish
 * without leaving the group.
 */
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.config.name=" + QueryServiceApplication.CONFIG_NAME)
@WithKafka
@WithPostgres
@DirtiesContext
class ProjectorRestartIntegrationTests {

    private static final String INSTANCE_ID = "restarted-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Set<TopicPartition> heldByTheKilledRun = new HashSet<>();

    @DynamicPropertySource
    static void killedRunThenItsRestart(DynamicPropertyRegistry registry) throws Exception {
        String bootstrapServers = Infrastructure.kafkaBootstrapServers();
        createTopic(bootstrapServers);
        List<KafkaConsumer<String, byte[]>> killed = List.of(member(bootstrapServers, 0), member(bootstrapServers, 1));
        killed.forEach(consumer -> consumer.subscribe(List.of(Topics.INSIGHT_RENDERED)));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            killed.forEach(consumer -> consumer.poll(Duration.ofMillis(100)));
            return killed.stream().allMatch(consumer -> !consumer.assignment().isEmpty());
        });
        killed.forEach(consumer -> heldByTheKilledRun.addAll(consumer.assignment()));
        // as a killed process: the broker still counts them members until their sessions time out
        killed.forEach(consumer -> consumer.close(
                CloseOptions.groupMembershipOperation(GroupMembershipOperation.REMAIN_IN_GROUP)));

        registry.add("insights.instance-id", () -> INSTANCE_ID);
    }

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void restartedReplicaTakesOverThePartitionsItsKilledRunHeld() {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                listeners.getListenerContainer(ProjectionListener.GROUP).getAssignedPartitions(),
                assigned -> assigned.containsAll(heldByTheKilledRun));

        assertThat(heldByTheKilledRun).isNotEmpty();
    }

    /**
     * The replica's static members must not outlive this class: the projector group is shared by every test class on
     * this broker, and a rebalance would wait for a member that is gone until its session timed out (45 s).
     */
    @AfterAll
    static void staticMembersLeaveTheGroup() throws InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", Infrastructure.kafkaBootstrapServers()))) {
            var members = Set.of(0, 1).stream().map(thread -> new MemberToRemove(
                    Replicas.groupInstanceId(Topics.PROJECTOR_GROUP, INSTANCE_ID) + "-" + thread)).toList();
            admin.removeMembersFromConsumerGroup(Topics.PROJECTOR_GROUP,
                    new RemoveMembersFromConsumerGroupOptions(members)).all().get();
        } catch (ExecutionException e) {
            // they left when the service stopped: nothing to remove
        }
        // the case projector's container is a static member of its own group too (docs/adr/0024)
        String caseMember = Replicas.groupInstanceId(Topics.CASE_PROJECTOR_GROUP, INSTANCE_ID);
        for (String member : List.of(caseMember, caseMember + "-0")) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", Infrastructure.kafkaBootstrapServers()))) {
                admin.removeMembersFromConsumerGroup(Topics.CASE_PROJECTOR_GROUP,
                        new RemoveMembersFromConsumerGroupOptions(List.of(new MemberToRemove(member)))).all().get();
            } catch (ExecutionException e) {
                // not a member under this id, or it left already: nothing to remove
            }
        }
    }

    private static KafkaConsumer<String, byte[]> member(String bootstrapServers, int thread) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, Topics.PROJECTOR_GROUP,
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                Replicas.groupInstanceId(Topics.PROJECTOR_GROUP, INSTANCE_ID) + "-" + thread,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static void createTopic(String bootstrapServers) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(Topics.INSIGHT_RENDERED, Topics.DEFAULT_PARTITIONS, (short) 1)
                    .configs(Topics.COMPACTED))).all().get();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TopicExistsException.class);
        }
    }
}
