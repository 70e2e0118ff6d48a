package io.zerone.insights.ingest.receipts;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.EventType;
import io.zerone.insights.events.MalformedEventException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
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

    /**
     * The publish a rendered record (or a dead-lettered one) came from, if its value says. Read with a streaming
     * parser that stops at the top-level {@code sourceEventId}, the third member: every rendered record passes here,
     * most of them for no receipt (a bulk load, another client), and decoding the whole record, page HTML included,
     * was most of ingest's CPU during a bulk load (docs/benchmarks.md).
     */
    Optional<UUID> sourceEventId(ConsumerRecord<String, byte[]> record) {
        Optional<UUID> id = Optional.empty();
        try {
            if (record.value() != null) {
                id = uuid(topLevelString(record.value(), "sourceEventId"));
            }
        } catch (JacksonException e) {
            log.warn("skipping {}-{}@{}: not JSON", record.topic(), record.partition(), record.offset());
            return Optional.empty();
        }
        if (id.isEmpty()) {
            log.warn("skipping {}-{}@{}: no sourceEventId", record.topic(), record.partition(), record.offset());
        }
        return id;
    }

    /** Whether a record on insight-rendered is one of the contract's rendered events (made from a publish or not). */
    static boolean isRendered(ConsumerRecord<String, byte[]> record) {
        String ceType = CloudEventCodec.header(record.headers(), CloudEventCodec.TYPE);
        return EventType.INSIGHT_RENDERED.ceType().equals(ceType) || EventType.INSIGHT_REMOVED.ceType().equals(ceType);
    }

    /** When the event of a record occurred, from its CloudEvents time; now where the header is missing or bad. */
    static Instant time(ConsumerRecord<String, byte[]> record) {
        String time = CloudEventCodec.header(record.headers(), CloudEventCodec.TIME);
        try {
            return time == null ? Instant.now() : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    private String topLevelString(byte[] value, String name) {
        try (JsonParser parser = json.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                boolean wanted = name.equals(parser.currentName());
                JsonToken token = parser.nextToken();
                if (wanted) {
                    return token == JsonToken.VALUE_STRING ? parser.getString() : null;
                }
                parser.skipChildren();
            }
            return null;
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
