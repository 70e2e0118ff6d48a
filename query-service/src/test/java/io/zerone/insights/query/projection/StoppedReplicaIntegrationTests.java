package io.zerone.insights.query.projection;

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
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.zerone.insights.events.Topics;
import io.zerone.insights.query.QueryServiceApplication;
import io.zerone.insights.testsupport.Infrastructure;
import io.zerone.insights.testsupport.StaticMembers;

/**
 * A query-service replica named by INSIGHTS_INSTANCE_ID and stopped cleanly leaves its groups (the projector's, the
 * previews' and the cases') at once, so that a replica scaled away does not hold its partitions until its members'
 * session ends (45 s). Its restart after a kill is ProjectorRestartIntegrationTests'.
 */
class StoppedReplicaIntegrationTests {

    /** Well under the session timeout (45 s) that members which closed without leaving stay for. */
    private static final Duration AT_ONCE = Duration.ofSeconds(10);
    /** Under the 30 s a consumer's close waits for the group coordinator's answers before it gives up. */
    private static final Duration CLOSED = Duration.ofSeconds(20);

    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void stoppedReplicaLeavesItsGroupsAtOnce() throws Exception {
        String instanceId = "stopped-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> groups = List.of(Topics.PROJECTOR_GROUP, Topics.PREVIEW_STORE_GROUP, Topics.CASE_PROJECTOR_GROUP);
        ConfigurableApplicationContext query = start(instanceId);
        // two projector threads, the previews' listener and the cases'
        await().atMost(Duration.ofSeconds(30)).until(() -> StaticMembers.of(instanceId, groups),
                members -> members.size() == 4);

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(query::close);

        // counted from the start of the close: members that closed without leaving stay until their session ends
        await().atMost(AT_ONCE).until(() -> StaticMembers.of(instanceId, groups), Set::isEmpty);
        assertThat(stopping).succeedsWithin(CLOSED);
    }

    private ConfigurableApplicationContext start(String instanceId) throws InterruptedException {
        String bootstrapServers = Infrastructure.kafkaBootstrapServers();
        // as the other projector tests create it: a consumer's subscription would create it uncompacted
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(Topics.INSIGHT_RENDERED, Topics.DEFAULT_PARTITIONS, (short) 1)
                    .configs(Topics.COMPACTED))).all().get();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TopicExistsException.class);
        }
        // command-line arguments win over query-service.properties
        List<String> arguments = new ArrayList<>(Infrastructure.database().commandLineArguments());
        arguments.add("--server.port=0");
        arguments.add("--spring.kafka.bootstrap-servers=" + bootstrapServers);
        arguments.add("--insights.instance-id=" + instanceId);
        arguments.add("--query.projection.concurrency=2");
        ConfigurableApplicationContext query = QueryServiceApplication.builder().run(arguments.toArray(String[]::new));
        started.add(query);
        return query;
    }
}
