package io.zerone.insights.ingest.receipts;

import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.MalformedEventException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what the receipt listeners need from the pipeline's records. A record that says nothing about a receipt (not
 * an event of the contract, another type) is skipped with a log line: receipts only report, they own no topic and
 * have no dead letters of their own.
 */
@Component
class PipelineRecords {

    /** The reason spring-kafka's dead-letter publisher writes beside every dead letter. */
    static final String REASON = "kafka_dlt-exception-message";

    private static final Logger log = LoggerFactory.getLogger(PipelineRecords.class);

    private final CloudEventCodec codec = new CloudEventCodec();
    private final JsonMapper json = JsonMapper.builder().build();

    <T> Optional<T> decode(ConsumerRecord<String, byte[]> record, Class<T> expected) {
        String ceType = CloudEventCodec.header(record.headers(), CloudEventCodec.TYPE);
        try {
            if (ceType == null || record.value() == null) {
                throw new MalformedEventException("no ce_type or no value");
            }
            Record event = codec.fromJson(record.value(), ceType);
            if (!expected.isInstance(event)) {
                throw new MalformedEventException(ceType + " is not a " + expected.getSimpleName());
            }
            return Optional.of(expected.cast(event));
        } catch (MalformedEventException e) {
            log.warn("skipping {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The publish a dead-lettered rendered record came from, if its value still says. */
    Optional<UUID> sourceEventId(ConsumerRecord<String, byte[]> record) {
        try {
            JsonNode source = record.value() == null ? null : json.readTree(record.value()).get("sourceEventId");
            Optional<UUID> id = uuid(source == null || !source.isString() ? null : source.stringValue());
            if (id.isEmpty()) {
                log.warn("skipping {}-{}@{}: no sourceEventId", record.topic(), record.partition(), record.offset());
            }
            return id;
        } catch (JacksonException e) {
            log.warn("skipping {}-{}@{}: not JSON", record.topic(), record.partition(), record.offset());
            return Optional.empty();
        }
    }

    static String reason(ConsumerRecord<String, byte[]> record) {
        return CloudEventCodec.header(record.headers(), REASON);
    }

    static Optional<UUID> uuid(String value) {
        try {
            return Optional.ofNullable(value).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
