package io.zerone.insights.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.events.InsightMetadata;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.InsightUnpublished;
import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.SeedEvents;
import io.zerone.insights.render.rendering.RenderFailedException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The failure policy: poison and render failures are dead-lettered at once, transient failures retried. */
@ExtendWith(OutputCaptureExtension.class)
class FailuresIntegrationTests extends RealBrokerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void poisonRecordsAndRenderFailuresGoToTheDeadLetterTopicAndTheNextRecordIsStillRendered(CapturedOutput output)
            throws Exception {
        InsightPublished good = SeedEvents.load("-after-poison-" + run).get(1);
        ProducerRecord<String, byte[]> template = codec.toRecord(Topics.INSIGHT_EVENTS, good);
        String badJson = "bad-json-" + run;
        String unknownType = "unknown-type-" + run;

        // all on partition 0, ahead of the good record: the partition must keep flowing past them
        send(new ProducerRecord<>(Topics.INSIGHT_EVENTS, 0, badJson, "{\"slug\": ".getBytes(StandardCharsets.UTF_8),
                template.headers()));
        ProducerRecord<String, byte[]> v9 = new ProducerRecord<>(Topics.INSIGHT_EVENTS, 0, unknownType, template.value());
        template.headers().forEach(header -> v9.headers().add(header));
        v9.headers().remove(CloudEventCodec.TYPE).add(CloudEventCodec.TYPE, "insight.published.v9".getBytes(StandardCharsets.UTF_8));
        send(v9);
        InsightPublished unrenderable = new InsightPublished(UUID.randomUUID(), good.occurredAt(), "test",
                new InsightMetadata("Not/A/Path-" + run, good.insight().title(), good.insight().summary(),
                        good.insight().category(), good.insight().publishedAt(), 3, null, null, "en"),
                good.body());
        ProducerRecord<String, byte[]> unsafeSlug = codec.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) unrenderable);
        send(new ProducerRecord<>(Topics.INSIGHT_EVENTS, 0, unsafeSlug.key(), unsafeSlug.value(), unsafeSlug.headers()));
        send(new ProducerRecord<>(Topics.INSIGHT_EVENTS, 0, good.slug(), template.value(), template.headers()));

        try (TopicReader deadLetters = new TopicReader(bootstrapServers, Topics.INSIGHT_EVENTS_DLT)) {
            List<ConsumerRecord<String, byte[]>> dead = await().atMost(PATIENCE).until(
                    () -> deadLetters.poll().stream().filter(r -> r.key() != null && r.key().endsWith(run)).toList(),
                    list -> list.size() == 3);
            // dead letters are keyed like their originals, so different slugs may land on different DLT partitions:
            // which arrives first is not defined, each one's reason is
            assertThat(dead).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder(badJson, unknownType, unrenderable.slug());
            for (ConsumerRecord<String, byte[]> record : dead) {
                assertThat(header(record, "kafka_dlt-original-topic")).isEqualTo(Topics.INSIGHT_EVENTS);
                assertThat(header(record, "kafka_dlt-original-consumer-group")).isEqualTo(Topics.RENDER_GROUP);
                assertThat(header(record, CloudEventCodec.TYPE)).startsWith("insight.published.");
            }
            Map<String, ConsumerRecord<String, byte[]>> byKey =
                    dead.stream().collect(Collectors.toMap(ConsumerRecord::key, record -> record));
            // the container wraps what the listener threw; the cause is the reason
            assertThat(header(byKey.get(badJson), "kafka_dlt-exception-cause-fqcn"))
                    .isEqualTo(MalformedEventException.class.getName());
            assertThat(header(byKey.get(badJson), "kafka_dlt-exception-message"))
                    .contains("invalid insight.published.v2 JSON");
            assertThat(header(byKey.get(unknownType), "kafka_dlt-exception-cause-fqcn"))
                    .isEqualTo(MalformedEventException.class.getName());
            assertThat(header(byKey.get(unknownType), "kafka_dlt-exception-message"))
                    .contains("unknown event type: insight.published.v9");
            assertThat(header(byKey.get(unrenderable.slug()), "kafka_dlt-exception-cause-fqcn"))
                    .isEqualTo(RenderFailedException.class.getName());
            assertThat(header(byKey.get(unrenderable.slug()), "kafka_dlt-exception-message"))
                    .contains("slug is not a safe path segment");
        }
        assertThat(awaitRendered(InsightRendered.class, r -> r.slug().equals(good.slug()), 1)).hasSize(1);
        // and each in one line of the log, for an operator who does not read the dead-letter topics
        assertThat(output.getOut()).containsPattern("sent insight-events-0@\\d+ \\(key "
                + Pattern.quote(unrenderable.slug()) + "\\) to its dead-letter topic: .*slug is not a safe path segment");
    }

    @Test
    void slugsLongerThanIngestPublishesAndUnpublishesOfUnsafeSlugsGoToTheDeadLetterTopicAndTheNextIsStillRendered()
            throws Exception {
        InsightPublished good = SeedEvents.load("-after-bad-slugs-" + run).get(2);
        // the shape of a slug, but longer than the 120 characters ingest-service publishes
        String tooLong = "long-" + run + "-" + "a".repeat(InsightEvent.SLUG_MAX_LENGTH);
        InsightPublished longSlug = new InsightPublished(UUID.randomUUID(), good.occurredAt(), "test",
                good.insight().withSlug(tooLong), good.body());
        String unsafe = "not a slug " + run;
        InsightUnpublished unsafeUnpublish = new InsightUnpublished(UUID.randomUUID(), good.occurredAt(), "test",
                unsafe, null);

        // all on partition 0, ahead of the good record: the partition must keep flowing past them
        for (InsightEvent bad : List.of(longSlug, unsafeUnpublish)) {
            ProducerRecord<String, byte[]> record = codec.toRecord(Topics.INSIGHT_EVENTS, bad);
            send(new ProducerRecord<>(Topics.INSIGHT_EVENTS, 0, record.key(), record.value(), record.headers()));
        }
        ProducerRecord<String, byte[]> next = codec.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) good);
        send(new ProducerRecord<>(Topics.INSIGHT_EVENTS, 0, next.key(), next.value(), next.headers()));

        try (TopicReader deadLetters = new TopicReader(bootstrapServers, Topics.INSIGHT_EVENTS_DLT)) {
            Map<String, ConsumerRecord<String, byte[]>> dead = await().atMost(PATIENCE).until(
                    () -> deadLetters.poll().stream().filter(r -> r.key() != null && r.key().contains(run)).toList(),
                    list -> list.size() == 2).stream().collect(Collectors.toMap(ConsumerRecord::key, record -> record));
            assertThat(header(dead.get(tooLong), "kafka_dlt-exception-cause-fqcn"))
                    .isEqualTo(RenderFailedException.class.getName());
            assertThat(header(dead.get(tooLong), "kafka_dlt-exception-message"))
                    .contains("slug is not a safe path segment of at most 120 characters");
            assertThat(header(dead.get(unsafe), "kafka_dlt-exception-cause-fqcn"))
                    .isEqualTo(MalformedEventException.class.getName());
            assertThat(header(dead.get(unsafe), "kafka_dlt-exception-message"))
                    .contains("the slug of the unpublish is not a safe path segment of at most 120 characters");
        }
        assertThat(awaitRendered(InsightRendered.class, r -> r.slug().equals(good.slug()), 1)).hasSize(1);
        try (TopicReader outputs = new TopicReader(bootstrapServers, Topics.INSIGHT_RENDERED)) {
            assertThat(outputs.readToEnd()).noneMatch(record -> record.key() != null && record.key().contains(run)
                    && !record.key().equals(good.slug()));
        }
    }

    @Test
    void tombstoneGoesToTheDeadLetterTopicARecordWithoutAKeyIsRefusedAndAnEventWithFieldsOfANewerProducerIsRendered()
            throws Exception {
        List<InsightPublished> seeds = SeedEvents.load("-hostile-" + run);
        String tombstone = "tombstone-" + run;
        ProducerRecord<String, byte[]> withoutKey = codec.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) seeds.get(3));
        InsightPublished newer = seeds.get(4);
        ProducerRecord<String, byte[]> template = codec.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) newer);
        // fields a newer ingest-service added within the version, at the top and inside the insight
        ObjectNode json = (ObjectNode) JSON.readTree(template.value());
        json.put("addedLater", "a field of a newer producer");
        ((ObjectNode) json.get("insight")).putObject("addedLater").put("shape", "anything");

        // all on partition 0, ahead of the newer producer's event: the partition must keep flowing past them
        send(new ProducerRecord<>(Topics.INSIGHT_EVENTS, 0, tombstone, (byte[]) null));
        // a compacted topic takes no record without a key: the broker refuses it, so no consumer ever reads one
        assertThatThrownBy(() -> send(new ProducerRecord<>(Topics.INSIGHT_EVENTS, 0, (String) null,
                withoutKey.value(), withoutKey.headers()))).hasCauseInstanceOf(InvalidRecordException.class);
        send(new ProducerRecord<>(Topics.INSIGHT_EVENTS, 0, newer.slug(), JSON.writeValueAsBytes(json),
                template.headers()));

        assertThat(awaitRendered(InsightRendered.class, r -> r.slug().equals(newer.slug()), 1))
                .singleElement().matches(rendered -> rendered.insight().equals(newer.insight()));
        try (TopicReader deadLetters = new TopicReader(bootstrapServers, Topics.INSIGHT_EVENTS_DLT)) {
            ConsumerRecord<String, byte[]> dead = await().atMost(PATIENCE).until(
                    () -> deadLetters.poll().stream().filter(r -> tombstone.equals(r.key())).toList(),
                    list -> list.size() == 1).get(0);
            assertThat(dead.value()).isNull();
            assertThat(header(dead, "kafka_dlt-exception-message"))
                    .contains("unsupported CloudEvents specversion: null");
        }
    }

    @Test
    void transientFailureIsRetriedWithBackOffAndNeverDeadLettered() throws Exception {
        InsightPublished seed = SeedEvents.load("-" + run).get(6);
        InsightPublished flaky = new InsightPublished(seed.eventId(), seed.occurredAt(), seed.source(),
                seed.insight().withSlug("flaky-" + run), seed.body());

        send(codec.toRecord(Topics.INSIGHT_EVENTS, flaky));

        assertThat(awaitRendered(InsightRendered.class, r -> r.slug().equals(flaky.slug()), 1)).hasSize(1);
        assertThat(BrokerHiccups.ATTEMPTS.get(flaky.slug())).hasValue(3);
        try (TopicReader deadLetters = new TopicReader(bootstrapServers, Topics.INSIGHT_EVENTS_DLT)) {
            assertThat(deadLetters.readToEnd()).noneMatch(record -> flaky.slug().equals(record.key()));
        }
    }
}
