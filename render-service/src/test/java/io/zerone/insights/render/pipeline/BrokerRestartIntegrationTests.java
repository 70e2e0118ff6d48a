package io.zerone.insights.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.RenderServiceApplication;
import io.zerone.insights.render.SeedEvents;
import io.zerone.insights.testsupport.RestartableKafka;

/**
 * The broker stopped under a running render-service and started again on its data: the service renders on from its
 * committed offsets by itself, and what it had rendered before is not rendered again. The broker is the test's own,
 * so it can stop it.
 */
class BrokerRestartIntegrationTests {

    private final RestartableKafka kafka = RestartableKafka.started();
    private final CloudEventCodec codec = new CloudEventCodec();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private ConfigurableApplicationContext service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        kafka.close();
    }

    @Test
    void rendersOnFromItsCommittedOffsetsOnceTheBrokerIsBack() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.INSIGHT_EVENTS, 3, (short) 1).configs(Topics.COMPACTED)))
                    .all().get();
        }
        service = RenderServiceApplication.builder().run("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--insights.instance-id=" + run, "--insights.render.pipeline.partitions=3", "--server.port=0");
        List<InsightPublished> insights = SeedEvents.load("-" + run);
        publish(insights.get(0));
        awaitRendered(insights.get(0).slug());

        kafka.stop();
        kafka.start();
        publish(insights.get(1));

        // the back-off between attempts is at most insights.pipeline.retry.max-interval (5 s); both on one partition,
        // which is rendered in order: a second rendering of the first is committed before the second's
        List<ConsumerRecord<String, byte[]>> rendered = awaitRendered(insights.get(1).slug());
        assertThat(rendered).filteredOn(record -> record.key().equals(insights.get(0).slug())).hasSize(1);
    }

    /** On partition 0 of insight-events, every one. */
    private void publish(InsightPublished insight) throws Exception {
        ProducerRecord<String, byte[]> record = codec.toRecord(Topics.INSIGHT_EVENTS, insight);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.INSIGHT_EVENTS, 0, record.key(), record.value(),
                    record.headers())).get();
        }
    }

    /**
     * Everything on insight-rendered, read_committed, once the slug's rendering is there: read to the end of every
     * partition, since the slug's partition may be read before the others are.
     */
    private List<ConsumerRecord<String, byte[]>> awaitRendered(String slug) {
        try (TopicReader rendered = new TopicReader(kafka.bootstrapServers(), Topics.INSIGHT_RENDERED)) {
            await().atMost(Duration.ofSeconds(30)).until(rendered::poll,
                    records -> records.stream().anyMatch(record -> slug.equals(record.key())));
            return rendered.readToEnd();
        }
    }
}
