package io.zerone.insights.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.zerone.insights.events.Topics;
import io.zerone.insights.render.RenderServiceApplication;
import io.zerone.insights.testsupport.RestartableKafka;

/**
 * A render-service configured for more partitions than the topics of a running store have refuses to start, and the
 * topics keep their count: Spring's KafkaAdmin would have added partitions to insight-rendered, moving slugs to
 * partitions where their new revisions read as older than the stored ones. A topic that never held a record grows, as
 * before: one a consumer's subscription made with the broker's default count moves nothing. The broker is the test's
 * own.
 */
class PartitionCountIntegrationTests {

    private static final int PARTITIONS = 3;

    private static RestartableKafka kafka;

    @BeforeAll
    static void aStoreWithThreePartitions() throws Exception {
        kafka = RestartableKafka.started();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(
                    new NewTopic(Topics.INSIGHT_EVENTS, PARTITIONS, (short) 1).configs(Topics.COMPACTED),
                    new NewTopic(Topics.INSIGHT_RENDERED, PARTITIONS, (short) 1).configs(Topics.COMPACTED),
                    // as a reader's subscription makes it on a broker that creates topics: the broker's default count
                    new NewTopic(Topics.CASE_RENDERED, 1, (short) 1).configs(Topics.COMPACTED)))
                    .all().get();
        }
        // a running store: insight-rendered holds a slug's revision
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.INSIGHT_RENDERED, "a-slug", "a revision")).get();
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void moreConfiguredPartitionsThanTheStoresTopicsHaveStopTheStartAndChangeNoTopic() throws Exception {
        assertThatThrownBy(() -> start(PARTITIONS * 2).close())
                .rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Topics.INSIGHT_RENDERED + " has 3 partitions, this service is configured for 6")
                .hasMessageContaining("KAFKA_PARTITIONS");

        assertThat(partitions(Topics.INSIGHT_RENDERED)).isEqualTo(PARTITIONS);
    }

    @Test
    void theCountTheTopicsHaveStartsTheServiceAndATopicThatNeverHeldARecordGrowsToIt() throws Exception {
        try (ConfigurableApplicationContext service = start(PARTITIONS)) {
            assertThat(service.isRunning()).isTrue();
        }
        assertThat(partitions(Topics.INSIGHT_RENDERED)).isEqualTo(PARTITIONS);
        assertThat(partitions(Topics.CASE_RENDERED)).isEqualTo(PARTITIONS);
    }

    private static ConfigurableApplicationContext start(int partitions) {
        return RenderServiceApplication.builder().run(
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--insights.render.pipeline.partitions=" + partitions,
                "--server.port=0");
    }

    private static int partitions(String topic) throws Exception {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()));
    }
}
