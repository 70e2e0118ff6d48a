package io.zerone.insights.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightMetadata;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.Revision;
import io.zerone.insights.events.SearchDocument;
import io.zerone.insights.events.StatusEvent;
import io.zerone.insights.events.Topics;

/**
 * Writes what the other services write, as the contract says, to the real broker: render-service's rendered events and
 * dead letters, query-service's status events and dead letters. Receipts are tested against these records without
 * running those services (dev-stack runs them all).
 */
final class PipelineReports implements AutoCloseable {

    static final List<String> TOPICS = List.of(Topics.INSIGHT_STATUS, Topics.INSIGHT_RENDERED,
            Topics.INSIGHT_EVENTS_DLT, Topics.INSIGHT_RENDERED_DLT);

    private final CloudEventCodec codec = new CloudEventCodec();
    private final KafkaProducer<String, byte[]> producer;

    PipelineReports(String bootstrapServers) {
        createTopics(bootstrapServers);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** A status event as query-service's outbox relay sends it: CloudEvents binary mode, key slug. */
    void status(StatusEvent event) {
        send(codec.toRecord(Topics.INSIGHT_STATUS, event));
    }

    void rendered(UUID sourceEventId, String slug) {
        send(codec.toRecord(Topics.INSIGHT_RENDERED, rendering(sourceEventId, slug)));
    }

    /** render-service's dead letter: the editor's record as it was, the reason in spring-kafka's headers. */
    void renderDeadLetter(UUID sourceEventId, String slug, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventCodec.SPECVERSION, utf8(CloudEventCodec.SPEC_VERSION));
        headers.add(CloudEventCodec.ID, utf8(sourceEventId.toString()));
        headers.add(CloudEventCodec.TYPE, utf8("insight.published.v2"));
        headers.add("kafka_dlt-original-topic", utf8(Topics.INSIGHT_EVENTS));
        headers.add("kafka_dlt-exception-message", utf8(reason));
        send(new ProducerRecord<>(Topics.INSIGHT_EVENTS_DLT, null, slug, utf8("{\"not\": \"an event\""), headers));
    }

    /** query-service's dead letter: render-service's record as it was, the reason in spring-kafka's headers. */
    void projectionDeadLetter(UUID sourceEventId, String slug, String reason) {
        ProducerRecord<String, byte[]> rendered =
                codec.toRecord(Topics.INSIGHT_RENDERED, rendering(sourceEventId, slug));
        RecordHeaders headers = new RecordHeaders(rendered.headers().toArray());
        headers.add("kafka_dlt-original-topic", utf8(Topics.INSIGHT_RENDERED));
        headers.add("kafka_dlt-exception-message", utf8(reason));
        send(new ProducerRecord<>(Topics.INSIGHT_RENDERED_DLT, null, slug, rendered.value(), headers));
    }

    static Revision revision(long offset) {
        return new Revision(0, offset);
    }

    private static InsightRendered rendering(UUID sourceEventId, String slug) {
        Instant now = Instant.now();
        InsightMetadata insight = new InsightMetadata(slug, "A title", "A summary", "engineering", now, 3, null,
                List.of("receipts"), "en");
        return new InsightRendered(UUID.randomUUID(), now, sourceEventId, revision(1), now, insight,
                "<html></html>", "<article></article>",
                new SearchDocument("A title", "A summary", "text", List.of("receipts"), "engineering", "en"), "hash");
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write " + record.topic(), e);
        }
    }

    private static void createTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (String topic : TOPICS) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
