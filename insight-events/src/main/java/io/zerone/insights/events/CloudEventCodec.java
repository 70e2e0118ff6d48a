package io.zerone.insights.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.zerone.insights.events.cases.CaseEvent;
import io.zerone.insights.events.cases.CaseRenderedEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CloudEvents 1.0 Kafka protocol binding in binary mode: the attributes travel as {@code ce_*} headers, the
 * event itself as JSON in the value, the slug (a case's number, a preview's token) as the key. See
 * docs/adr/0001-cloudevents-envelope.md.
 */
public final class CloudEventCodec {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SPECVERSION = "ce_specversion";
    public static final String CONTENT_TYPE = "content-type";
    /** Extension attributes travel as headers with this prefix too, e.g. distributed tracing's (EventTracing). */
    public static final String EXTENSION_PREFIX = "ce_";

    /**
     * Event types that no producer writes any more but that a topic may still hold (compaction keeps the last record
     * of every slug, however old), each with how it becomes today's record. Read here and nowhere else, so every
     * consumer, and every replay, sees only current records. See docs/adr/0017-event-versions-and-reading-old-ones.md.
     */
    private static final Map<String, EarlierVersion<?>> EARLIER_VERSIONS = Map.of(
            "insight.published.v1", new EarlierVersion<>(PublishedV1.class, PublishedV1::current));

    private final JsonMapper json;

    public CloudEventCodec() {
        this(JsonMapper.builder()
                // a tolerant reader: a producer may add a field within a version
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build());
    }

    CloudEventCodec(JsonMapper json) {
        this.json = json;
    }

    /**
     * A status travels keyed by its slug, from query-service. Consumers read it with {@link #fromJson(byte[], String)}
     * and the record's {@code ce_type}.
     */
    public ProducerRecord<String, byte[]> toRecord(String topic, StatusEvent event) {
        return toRecord(topic, event.slug(), event, event.eventId(), event.occurredAt(), "/query-service");
    }

    public ProducerRecord<String, byte[]> toRecord(String topic, InsightEvent event) {
        return toRecord(topic, event.slug(), event, event.eventId(), event.occurredAt(), "/editorial/" + event.source());
    }

    public ProducerRecord<String, byte[]> toRecord(String topic, RenderedEvent event) {
        return toRecord(topic, event.slug(), event, event.eventId(), event.occurredAt(), "/render-service");
    }

    /** A case travels keyed by its number, from the editorial client that sent it. */
    public ProducerRecord<String, byte[]> toRecord(String topic, CaseEvent event) {
        return toRecord(topic, event.number(), event, event.eventId(), event.occurredAt(), "/editorial/" + event.source());
    }

    public ProducerRecord<String, byte[]> toRecord(String topic, CaseRenderedEvent event) {
        return toRecord(topic, event.number(), event, event.eventId(), event.occurredAt(), "/render-service");
    }

    /** A preview travels keyed by its token: it has no slug of its own on the site. */
    public ProducerRecord<String, byte[]> toRecord(String topic, PreviewEvent event) {
        String source = event instanceof PreviewRequested requested ? "/editorial/" + requested.source() : "/render-service";
        return toRecord(topic, event.token(), event, event.eventId(), event.occurredAt(), source);
    }

    private ProducerRecord<String, byte[]> toRecord(
            String topic, String key, Object event, UUID id, Instant time, String source) {
        Headers headers = new RecordHeaders()
                .add(SPECVERSION, utf8(SPEC_VERSION))
                .add(ID, utf8(id.toString()))
                .add(TYPE, utf8(EventType.of(event).ceType()))
                .add(SOURCE, utf8(source))
                .add(TIME, utf8(time.toString()))
                .add(CONTENT_TYPE, utf8(JSON));
        return new ProducerRecord<>(topic, null, key, toJson(event), headers);
    }

    public byte[] toJson(Object event) {
        return json.writeValueAsBytes(event);
    }

    /**
     * Reads the event a record carries, checking the envelope against it.
     *
     * @throws MalformedEventException when the record is not an event of this contract
     */
    public Record fromRecord(ConsumerRecord<String, byte[]> record) {
        String specVersion = header(record.headers(), SPECVERSION);
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new MalformedEventException("unsupported CloudEvents specversion: " + specVersion);
        }
        String ceType = header(record.headers(), TYPE);
        if (!isReadable(ceType)) {
            throw new MalformedEventException("unknown event type: " + ceType);
        }
        String contentType = header(record.headers(), CONTENT_TYPE);
        if (contentType != null && !contentType.startsWith(JSON)) {
            throw new MalformedEventException("unsupported content-type: " + contentType);
        }
        if (record.value() == null) {
            throw new MalformedEventException("record of type " + ceType + " has no value");
        }
        Record event = fromJson(record.value(), ceType);
        String id = header(record.headers(), ID);
        UUID eventId;
        if (event instanceof InsightEvent e) {
            eventId = e.eventId();
        } else if (event instanceof RenderedEvent e) {
            eventId = e.eventId();
        } else if (event instanceof PreviewEvent e) {
            eventId = e.eventId();
        } else if (event instanceof CaseEvent e) {
            eventId = e.eventId();
        } else if (event instanceof CaseRenderedEvent e) {
            eventId = e.eventId();
        } else {
            throw new MalformedEventException(ceType + " is not read from a topic by this codec");
        }
        if (!eventId.toString().equals(id)) {
            throw new MalformedEventException("ce_id " + id + " does not match eventId " + eventId);
        }
        if (event instanceof PreviewEvent preview) {
            if (!Objects.equals(record.key(), preview.token())) {
                throw new MalformedEventException("key " + record.key() + " does not match the preview's token");
            }
            return event;
        }
        if (event instanceof CaseEvent || event instanceof CaseRenderedEvent) {
            String number = event instanceof CaseEvent e ? e.number() : ((CaseRenderedEvent) event).number();
            if (!Objects.equals(record.key(), number)) {
                throw new MalformedEventException("key " + record.key() + " does not match case number " + number);
            }
            return event;
        }
        String slug = event instanceof InsightEvent e ? e.slug() : ((RenderedEvent) event).slug();
        if (!Objects.equals(record.key(), slug)) {
            throw new MalformedEventException("key " + record.key() + " does not match slug " + slug);
        }
        return event;
    }

    public Record fromJson(byte[] value, EventType type) {
        return fromJson(value, type.ceType());
    }

    /**
     * Reads an event of the given CloudEvents type, current or earlier: an earlier version comes back as the record of
     * the current one.
     *
     * @throws MalformedEventException when the type is unknown or the JSON does not hold an event of it
     */
    public Record fromJson(byte[] value, String ceType) {
        Optional<EventType> current = EventType.fromCeType(ceType);
        EarlierVersion<?> earlier = EARLIER_VERSIONS.get(ceType);
        if (current.isEmpty() && earlier == null) {
            throw new MalformedEventException("unknown event type: " + ceType);
        }
        try {
            return current.isPresent() ? json.readValue(value, current.get().recordType()) : earlier.read(json, value);
        } catch (JacksonException e) {
            throw new MalformedEventException("invalid " + ceType + " JSON: " + rootMessage(e), e);
        } catch (IllegalArgumentException | NullPointerException e) {
            // an earlier version that reads but breaks a rule of the current record
            throw new MalformedEventException("invalid " + ceType + " JSON: " + e.getMessage(), e);
        }
    }

    /** Whether {@link #fromRecord} reads records of this CloudEvents type: the current types and the earlier ones. */
    private static boolean isReadable(String ceType) {
        return EventType.fromCeType(ceType).isPresent() || EARLIER_VERSIONS.containsKey(ceType);
    }

    private static String rootMessage(JacksonException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getOriginalMessage() : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    public static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private record EarlierVersion<T extends Record>(Class<T> wireType, Function<T, ? extends Record> toCurrent) {

        Record read(JsonMapper json, byte[] value) {
            return toCurrent.apply(json.readValue(value, wireType));
        }
    }

    /** {@code insight.published.v1}: the metadata's fields at the top level, beside the body. */
    private record PublishedV1(UUID eventId, Instant occurredAt, String source, String slug, String title,
            String summary, String category, Instant publishedAt, int readingMinutes, String caseRef,
            List<String> tags, String language, String body) {

        InsightPublished current() {
            return new InsightPublished(eventId, occurredAt, source, new InsightMetadata(slug, title, summary,
                    category, publishedAt, readingMinutes, caseRef, tags, language), body);
        }
    }
}
