package io.zerone.insights.render;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.Topics;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A record of {@code insight.published.v1}, as ingest-service wrote them before v2 and a compacted topic still holds
 * them: the metadata's fields at the top level beside the body. Nothing in the product writes this any more.
 */
public final class PublishedV1 {

    private static final CloudEventCodec CODEC = new CloudEventCodec();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PublishedV1() {
    }

    public static ProducerRecord<String, byte[]> of(InsightPublished event) {
        ProducerRecord<String, byte[]> current = CODEC.toRecord(Topics.INSIGHT_EVENTS, event);
        ObjectNode v2 = (ObjectNode) JSON.readTree(current.value());
        ObjectNode v1 = JSON.createObjectNode();
        v1.set("eventId", v2.get("eventId"));
        v1.set("occurredAt", v2.get("occurredAt"));
        v1.set("source", v2.get("source"));
        v1.setAll((ObjectNode) v2.get("insight"));
        v1.set("body", v2.get("body"));
        current.headers().remove(CloudEventCodec.TYPE)
                .add(CloudEventCodec.TYPE, "insight.published.v1".getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(current.topic(), current.partition(), current.key(), JSON.writeValueAsBytes(v1),
                current.headers());
    }
}
