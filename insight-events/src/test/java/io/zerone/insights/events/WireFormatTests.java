package io.zerone.insights.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import io.zerone.insights.events.cases.CaseEvent;
import io.zerone.insights.events.cases.CasePublished;
import io.zerone.insights.events.cases.CaseRemoved;
import io.zerone.insights.events.cases.CaseRendered;
import io.zerone.insights.events.cases.CaseRenderedEvent;
import io.zerone.insights.events.cases.CaseUnpublished;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The golden samples pin the wire format: an accidental change to a record or the mapping fails here. */
class WireFormatTests {

    private static final UUID PUBLISHED_ID = UUID.fromString("5a1c2f0e-8d3b-3c4f-9e21-7b6a5d4c3b2a");
    private static final UUID UNPUBLISHED_ID = UUID.fromString("0f3e8c1a-2b4d-3e5f-8a7b-9c0d1e2f3a4b");
    private static final UUID PREVIEW_ID = UUID.fromString("6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c");
    private static final String PREVIEW_TOKEN = "q3VtQ0x2bW1yZ2NQb2tYV0R6c1l4b0p0S2F3ZlZ1Q2c";
    private static final String SLUG = "cache-without-a-lock-thundering-herd";
    private static final String TITLE =
            "Cache without a lock is thundering herd: 14 endpoints, 8 workers, one dead database";
    private static final String SUMMARY =
            "Cache expiry is the one moment when parallel workers all get expensive at the same time.";

    private static final UUID CASE_PUBLISHED_ID = UUID.fromString("8b1e2d3c-4f5a-3b6c-9d7e-0f1a2b3c4d5e");
    private static final UUID CASE_UNPUBLISHED_ID = UUID.fromString("9c2f3e4d-5a6b-3c7d-8e9f-1a2b3c4d5e6f");
    private static final String CASE_TITLE = "A reporting API under cache expiry";
    private static final String CASE_SUMMARY =
            "Fourteen endpoints, eight workers and one PostgreSQL that fell over every ten minutes.";

    private static final InsightMetadata METADATA = new InsightMetadata(SLUG, TITLE, SUMMARY, "Infrastructure",
            Instant.parse("2026-04-18T14:00:00Z"), 6, "04", List.of("caching", "concurrency"), "en");

    private final CloudEventCodec codec = new CloudEventCodec();
    private final JsonMapper plainJson = JsonMapper.builder().build();

    static Record expected(EventType type) {
        return switch (type) {
            case INSIGHT_PUBLISHED -> new InsightPublished(PUBLISHED_ID, Instant.parse("2026-06-05T09:00:01.250Z"),
                    "dev-editor", METADATA,
                    "## Single flight\n\nOne miss per key reaches the database; the others wait for it.\n");
            case INSIGHT_UNPUBLISHED -> new InsightUnpublished(UNPUBLISHED_ID, Instant.parse("2026-06-06T10:15:00Z"),
                    "dev-editor", SLUG, "superseded by a longer case study");
            case INSIGHT_RENDERED -> new InsightRendered(UUID.fromString("7d2b7c5e-4f0a-4d7e-9a8c-2b1f0e3d4c5b"),
                    Instant.parse("2026-06-05T09:00:01.900Z"), PUBLISHED_ID, new Revision(3, 42),
                    Instant.parse("2026-06-05T09:00:01.250Z"),
                    METADATA,
                    "<!DOCTYPE html><html lang=\"en\"><head><title>Cache without a lock</title></head>"
                            + "<body><main><h1>Cache without a lock</h1></main></body></html>",
                    "<article class=\"card\"><h2><a href=\"/insights/cache-without-a-lock-thundering-herd\">"
                            + "Cache without a lock</a></h2></article>",
                    new SearchDocument(TITLE, SUMMARY,
                            "Single flight One miss per key reaches the database; the others wait for it.",
                            List.of("caching", "concurrency"), "Infrastructure", "en"),
                    "sha256-3f1a9c2e7b5d4a6f8e0c1b2d3a4f5e6d");
            case INSIGHT_REMOVED -> new InsightRemoved(UUID.fromString("9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"),
                    Instant.parse("2026-06-06T10:15:00.400Z"), UNPUBLISHED_ID, new Revision(3, 43), SLUG,
                    "superseded by a longer case study");
            case REVISION_LIVE -> new RevisionWentLive(UUID.fromString("1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9"),
                    Instant.parse("2026-06-05T09:00:02.100Z"), PUBLISHED_ID, new Revision(3, 42), SLUG,
                    Instant.parse("2026-06-05T09:00:02.050Z"));
            case REVISION_SCHEDULED -> new RevisionScheduled(UUID.fromString("2c3d4e5f-6071-4829-93a4-b5c6d7e8f9a0"),
                    Instant.parse("2026-06-05T09:00:02.100Z"), PUBLISHED_ID, new Revision(3, 42), SLUG,
                    Instant.parse("2026-06-08T07:00:00Z"));
            case REVISION_SUPERSEDED -> new RevisionSuperseded(UUID.fromString("3d4e5f60-7182-4a3b-84b5-c6d7e8f9a0b1"),
                    Instant.parse("2026-06-06T10:15:00.500Z"), PUBLISHED_ID, new Revision(3, 42), SLUG,
                    new Revision(3, 43));
            case INSIGHT_TAKEN_DOWN -> new InsightTakenDown(UUID.fromString("4e5f6071-8293-4b4c-95c6-d7e8f9a0b1c2"),
                    Instant.parse("2026-06-06T10:15:00.500Z"), UNPUBLISHED_ID, new Revision(3, 43), SLUG,
                    Instant.parse("2026-06-06T10:15:00.450Z"));
            case PREVIEW_REQUESTED -> new PreviewRequested(PREVIEW_ID, Instant.parse("2026-06-05T08:30:00.500Z"),
                    "dev-editor", PREVIEW_TOKEN, Instant.parse("2026-06-06T08:30:00.500Z"), METADATA,
                    "## Single flight\n\nOne miss per key reaches the database; the others wait for it.\n");
            case PREVIEW_RENDERED -> new PreviewRendered(UUID.fromString("7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d"),
                    Instant.parse("2026-06-05T08:30:00.900Z"), PREVIEW_ID, PREVIEW_TOKEN,
                    Instant.parse("2026-06-06T08:30:00.500Z"),
                    "<!DOCTYPE html><html lang=\"en\"><head><meta name=\"robots\" content=\"noindex\">"
                            + "<title>Cache without a lock</title></head>"
                            + "<body><main><h1>Cache without a lock</h1></main></body></html>");
            case CASE_PUBLISHED -> new CasePublished(CASE_PUBLISHED_ID, Instant.parse("2026-06-01T08:00:00.500Z"),
                    "dev-editor", "04", "reporting-api-under-cache-expiry", CASE_TITLE, CASE_SUMMARY,
                    Instant.parse("2026-04-10T00:00:00Z"), "## The system\n\nA reporting API behind a shared cache.\n");
            case CASE_UNPUBLISHED -> new CaseUnpublished(CASE_UNPUBLISHED_ID, Instant.parse("2026-06-02T08:00:00Z"),
                    "dev-editor", "04", "the client asked us to take it down");
            case CASE_RENDERED -> new CaseRendered(UUID.fromString("a1b2c3d4-e5f6-3a7b-8c9d-0e1f2a3b4c5d"),
                    Instant.parse("2026-06-01T08:00:00.900Z"), CASE_PUBLISHED_ID, new Revision(2, 7),
                    Instant.parse("2026-06-01T08:00:00.500Z"), "04", "reporting-api-under-cache-expiry", CASE_TITLE,
                    CASE_SUMMARY, Instant.parse("2026-04-10T00:00:00Z"),
                    "<article class=\"case\"><h1>Case 04: A reporting API under cache expiry</h1></article>",
                    "sha256-5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b");
            case CASE_REMOVED -> new CaseRemoved(UUID.fromString("b2c3d4e5-f6a7-3b8c-9d0e-1f2a3b4c5d6e"),
                    Instant.parse("2026-06-02T08:00:00.300Z"), CASE_UNPUBLISHED_ID, new Revision(2, 8), "04",
                    "the client asked us to take it down");
        };
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void goldenSampleDecodesToTheExpectedRecord(EventType type) throws IOException {
        byte[] golden = golden(type);

        Record decoded = codec.fromJson(golden, type);

        assertThat(decoded).isEqualTo(expected(type));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void goldenSampleWithFieldsANewerProducerAddedWithinItsVersionDecodesToTheSameRecord(EventType type)
            throws IOException {
        // a producer may add a field within a version (docs/adr/0017): consumers not yet updated still apply the event
        ObjectNode newer = (ObjectNode) plainJson.readTree(golden(type));
        newer.properties().forEach(member -> {
            if (member.getValue() instanceof ObjectNode nested) {
                nested.put("addedLater", "a nested field of a newer producer");
            }
        });
        newer.putObject("addedLater").put("shape", "anything").putArray("items").add(1);

        Record decoded = codec.fromJson(plainJson.writeValueAsBytes(newer), type);

        assertThat(decoded).isEqualTo(expected(type));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void recordEncodesToTheGoldenSample(EventType type) throws IOException {
        byte[] encoded = codec.toJson(expected(type));

        JsonNode actual = plainJson.readTree(encoded);
        assertThat(actual).isEqualTo(plainJson.readTree(golden(type)));
    }

    @Test
    void publishedEventTravelsWithCloudEventsBinaryHeadersKeyedBySlug() {
        InsightPublished event = (InsightPublished) expected(EventType.INSIGHT_PUBLISHED);

        ProducerRecord<String, byte[]> record = codec.toRecord(Topics.INSIGHT_EVENTS, event);

        assertThat(record.key()).isEqualTo(SLUG);
        assertThat(CloudEventCodec.header(record.headers(), "ce_id")).isEqualTo(PUBLISHED_ID.toString());
        assertThat(CloudEventCodec.header(record.headers(), "ce_type")).isEqualTo("insight.published.v2");
        assertThat(CloudEventCodec.header(record.headers(), "ce_source")).isEqualTo("/editorial/dev-editor");
        assertThat(CloudEventCodec.header(record.headers(), "ce_time")).isEqualTo("2026-06-05T09:00:01.250Z");
        assertThat(CloudEventCodec.header(record.headers(), "ce_specversion")).isEqualTo("1.0");
        assertThat(CloudEventCodec.header(record.headers(), "content-type")).isEqualTo("application/json");
        assertThat(codec.fromRecord(consumed(record))).isEqualTo(event);
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"REVISION_LIVE", "REVISION_SCHEDULED", "REVISION_SUPERSEDED",
            "INSIGHT_TAKEN_DOWN"})
    void statusEventTravelsKeyedBySlugFromQueryService(EventType type) {
        StatusEvent event = (StatusEvent) expected(type);

        ProducerRecord<String, byte[]> record = codec.toRecord(Topics.INSIGHT_STATUS, event);

        assertThat(record.key()).isEqualTo(event.slug());
        assertThat(CloudEventCodec.header(record.headers(), "ce_type")).isEqualTo(type.ceType());
        assertThat(CloudEventCodec.header(record.headers(), "ce_source")).isEqualTo("/query-service");
        assertThat(CloudEventCodec.header(record.headers(), "ce_id")).isEqualTo(event.eventId().toString());
        assertThat(codec.fromJson(record.value(), CloudEventCodec.header(record.headers(), "ce_type"))).isEqualTo(event);
    }

    @Test
    void publishedV1SampleDecodesToTheSameRecordAsTheV2Sample() throws IOException {
        byte[] v1 = golden("insight.published.v1");

        Record decoded = codec.fromJson(v1, "insight.published.v1");

        assertThat(decoded).isEqualTo(codec.fromJson(golden(EventType.INSIGHT_PUBLISHED), EventType.INSIGHT_PUBLISHED));
    }

    @Test
    void publishedV1RecordOnATopicIsReadAsTheCurrentRecord() throws IOException {
        InsightPublished current = (InsightPublished) expected(EventType.INSIGHT_PUBLISHED);
        ProducerRecord<String, byte[]> v1 = codec.toRecord(Topics.INSIGHT_EVENTS, current);
        v1.headers().remove("ce_type").add("ce_type", "insight.published.v1".getBytes(StandardCharsets.UTF_8));

        Record decoded = codec.fromRecord(consumed(new ProducerRecord<>(v1.topic(), null, v1.key(),
                golden("insight.published.v1"), v1.headers())));

        assertThat(decoded).isEqualTo(current);
    }

    @Test
    void producersWriteOnlyTheCurrentVersion() {
        ProducerRecord<String, byte[]> record =
                codec.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) expected(EventType.INSIGHT_PUBLISHED));

        assertThat(CloudEventCodec.header(record.headers(), "ce_type")).isEqualTo("insight.published.v2");
        assertThat(plainJson.readTree(record.value()).has("title")).isFalse();
        assertThat(plainJson.readTree(record.value()).get("insight").get("title").stringValue()).isEqualTo(TITLE);
    }

    @Test
    void rejectsV1EventThatBreaksARuleOfTheCurrentRecord() throws IOException {
        String v1 = new String(golden("insight.published.v1"), StandardCharsets.UTF_8)
                .replace("\"readingMinutes\": 6", "\"readingMinutes\": 0");

        assertThatThrownBy(() -> codec.fromJson(v1.getBytes(StandardCharsets.UTF_8), "insight.published.v1"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("invalid insight.published.v1 JSON")
                .hasMessageContaining("readingMinutes");
    }

    @Test
    void rejectsV1EventWithMissingRequiredField() throws IOException {
        String v1 = new String(golden("insight.published.v1"), StandardCharsets.UTF_8)
                .replace("\"category\": \"Infrastructure\",", "");

        assertThatThrownBy(() -> codec.fromJson(v1.getBytes(StandardCharsets.UTF_8), "insight.published.v1"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("category");
    }

    @Test
    void rejectsUnknownEventType() {
        ProducerRecord<String, byte[]> record =
                codec.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) expected(EventType.INSIGHT_UNPUBLISHED));
        record.headers().remove("ce_type").add("ce_type", "insight.published.v9".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> codec.fromRecord(consumed(record)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("unknown event type: insight.published.v9");
    }

    @Test
    void rejectsEventWithMissingRequiredField() {
        String json = "{\"eventId\":\"" + UNPUBLISHED_ID + "\",\"occurredAt\":\"2026-06-06T10:15:00Z\",\"slug\":\"a\"}";

        assertThatThrownBy(() -> codec.fromJson(json.getBytes(StandardCharsets.UTF_8), EventType.INSIGHT_UNPUBLISHED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("source");
    }

    @Test
    void rejectsInvalidJson() {
        assertThatThrownBy(() -> codec.fromJson("{not json".getBytes(StandardCharsets.UTF_8), EventType.INSIGHT_PUBLISHED))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("invalid insight.published.v2 JSON");
    }

    @Test
    void rejectsKeyThatIsNotTheSlug() {
        ProducerRecord<String, byte[]> record =
                codec.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) expected(EventType.INSIGHT_UNPUBLISHED));
        ConsumerRecord<String, byte[]> consumed = consumed(new ProducerRecord<>(record.topic(), null, "other-slug",
                record.value(), record.headers()));

        assertThatThrownBy(() -> codec.fromRecord(consumed))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("does not match slug");
    }

    @Test
    void previewTravelsKeyedByItsTokenNeverBySlug() {
        PreviewRequested event = (PreviewRequested) expected(EventType.PREVIEW_REQUESTED);

        ProducerRecord<String, byte[]> record = codec.toRecord(Topics.INSIGHT_PREVIEWS, event);

        assertThat(record.key()).isEqualTo(PREVIEW_TOKEN);
        assertThat(CloudEventCodec.header(record.headers(), "ce_type")).isEqualTo("insight.preview-requested.v1");
        assertThat(CloudEventCodec.header(record.headers(), "ce_source")).isEqualTo("/editorial/dev-editor");
        assertThat(codec.fromRecord(consumed(record))).isEqualTo(event);
    }

    @Test
    void rejectsPreviewWhoseKeyIsNotItsToken() {
        ProducerRecord<String, byte[]> record = codec.toRecord(Topics.INSIGHT_PREVIEWS_RENDERED,
                (PreviewRendered) expected(EventType.PREVIEW_RENDERED));
        ConsumerRecord<String, byte[]> consumed = consumed(new ProducerRecord<>(record.topic(), null, SLUG,
                record.value(), record.headers()));

        assertThatThrownBy(() -> codec.fromRecord(consumed))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("does not match the preview's token");
    }

    @Test
    void previewRendersFromWhatAPublishOfTheSameDraftWouldBe() {
        PreviewRequested preview = (PreviewRequested) expected(EventType.PREVIEW_REQUESTED);

        InsightPublished published = preview.asPublished();

        assertThat(published.insight()).isEqualTo(preview.insight());
        assertThat(published.body()).isEqualTo(preview.body());
        assertThat(published.occurredAt()).isEqualTo(preview.occurredAt());
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"CASE_PUBLISHED", "CASE_UNPUBLISHED"})
    void caseEventTravelsKeyedByItsNumberFromTheEditorialClient(EventType type) {
        CaseEvent event = (CaseEvent) expected(type);

        ProducerRecord<String, byte[]> record = codec.toRecord(Topics.CASE_EVENTS, event);

        assertThat(record.key()).isEqualTo("04");
        assertThat(CloudEventCodec.header(record.headers(), "ce_type")).isEqualTo(type.ceType());
        assertThat(CloudEventCodec.header(record.headers(), "ce_source")).isEqualTo("/editorial/dev-editor");
        assertThat(codec.fromRecord(consumed(record))).isEqualTo(event);
    }

    @Test
    void rejectsRenderedCaseWhoseKeyIsNotItsNumber() {
        ProducerRecord<String, byte[]> record =
                codec.toRecord(Topics.CASE_RENDERED, (CaseRenderedEvent) expected(EventType.CASE_RENDERED));
        ConsumerRecord<String, byte[]> consumed = consumed(new ProducerRecord<>(record.topic(), null, "05",
                record.value(), record.headers()));

        assertThatThrownBy(() -> codec.fromRecord(consumed))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("does not match case number 04");
    }

    @Test
    void newerRevisionIsOrderedByOffset() {
        assertThat(new Revision(3, 43).isNewerThan(new Revision(3, 42))).isTrue();
        assertThat(new Revision(3, 42).isNewerThan(new Revision(3, 42))).isFalse();
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> record) {
        ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>(record.topic(), 0, 0, record.key(), record.value());
        record.headers().forEach(h -> consumed.headers().add(h));
        return consumed;
    }

    private static byte[] golden(EventType type) throws IOException {
        return golden(type.ceType());
    }

    private static byte[] golden(String ceType) throws IOException {
        try (InputStream in = WireFormatTests.class.getResourceAsStream("/golden/" + ceType + ".json")) {
            return in.readAllBytes();
        }
    }
}
