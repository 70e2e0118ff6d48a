package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.zerone.insights.events.Topics;
import io.zerone.insights.query.QueryServiceApplication;
import io.zerone.insights.testsupport.RestartableKafka;
import io.zerone.insights.testsupport.WithPostgres;

/**
 * Topics created with fewer partitions than the default (docker-compose's kafka-topics job with KAFKA_PARTITIONS=3)
 * keep their count when query-service starts with the same setting: Spring's KafkaAdmin would add partitions to
 * insight-status, moving slugs to other partitions. The broker is the test's own, so insight-status is not the one
 * other test classes created with the default count.
 */
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=" + QueryServiceApplication.CONFIG_NAME,
                "query.projection.partitions=" + StatusTopicPartitionsIntegrationTests.PARTITIONS})
@WithPostgres
@DirtiesContext
class StatusTopicPartitionsIntegrationTests {

    static final int PARTITIONS = 3;

    private static final RestartableKafka kafka = RestartableKafka.started();

    @DynamicPropertySource
    static void topicsCreatedWithFewerPartitions(DynamicPropertyRegistry registry) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.INSIGHT_STATUS, PARTITIONS, (short) 1))).all().get();
        }
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void startingLeavesThePartitionCountOfInsightStatusAsItWas() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            var status = admin.describeTopics(List.of(Topics.INSIGHT_STATUS)).allTopicNames().get()
                    .get(Topics.INSIGHT_STATUS);

            assertThat(status.partitions()).hasSize(PARTITIONS);
        }
    }
}
