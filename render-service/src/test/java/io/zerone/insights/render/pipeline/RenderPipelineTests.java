package io.zerone.insights.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.EventType;
import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.events.InsightMetadata;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.InsightRemoved;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.InsightUnpublished;
import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.Revision;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.PublishedV1;
import io.zerone.insights.render.SeedEvents;
import io.zerone.insights.render.rendering.InsightRenderer;
import io.zerone.insights.render.rendering.RenderFailedException;

class RenderPipelineTests {

    private final Clock clock = Clock.fixed(Instant.parse("2026-06-05T09:00:02Z"), ZoneOffset.UTC);
    private final CloudEventCodec codec = new CloudEventCodec();
    private final RenderPipeline pipeline =
            new RenderPipeline(codec, new InsightRenderer(URI.create("http://localhost:8080"), clock), clock);
    private final InsightPublished seed = SeedEvents.load().get(0);

    @Test
    void publishedInsightBecomesInsightRenderedKeyedBySlugAtTheSourcePosition() {
        ConsumerRecord<String, byte[]> record = consumed(codec.toRecord(Topics.INSIGHT_EVENTS, seed), 2, 41);

        ProducerRecord<String, byte[]> out = pipeline.process(record);

        assertThat(out.topic()).isEqualTo(Topics.INSIGHT_RENDERED);
        assertThat(out.key()).isEqualTo(seed.slug());
        InsightRendered rendered = (InsightRendered) codec.fromJson(out.value(), EventType.INSIGHT_RENDERED);
        assertThat(rendered.sourceEventId()).isEqualTo(seed.eventId());
        assertThat(rendered.revision()).isEqualTo(new Revision(2, 41));
        assertThat(rendered.revisedAt()).isEqualTo(seed.occurredAt());
        assertThat(rendered.insight().title()).isEqualTo(seed.insight().title());
        assertThat(CloudEventCodec.header(out.headers(), CloudEventCodec.TYPE)).isEqualTo("insight.rendered.v1");
    }

    @Test
    void unpublishedInsightBecomesInsightRemoved() {
        InsightUnpublished unpublished =
                new InsightUnpublished(UUID.randomUUID(), clock.instant(), "test", seed.slug(), "outdated");

        ProducerRecord<String, byte[]> out = pipeline.process(consumed(codec.toRecord(Topics.INSIGHT_EVENTS, unpublished), 0, 9));

        InsightRemoved removed = (InsightRemoved) codec.fromJson(out.value(), EventType.INSIGHT_REMOVED);
        assertThat(removed.slug()).isEqualTo(seed.slug());
        assertThat(removed.sourceEventId()).isEqualTo(unpublished.eventId());
        assertThat(removed.revision()).isEqualTo(new Revision(0, 9));
        assertThat(removed.reason()).isEqualTo("outdated");
    }

    @Test
    void sameSourceRecordGivesTheSameEventEveryTime() {
        ConsumerRecord<String, byte[]> record = consumed(codec.toRecord(Topics.INSIGHT_EVENTS, seed), 1, 3);

        byte[] first = pipeline.process(record).value();
        byte[] replayed = pipeline.process(record).value();

        assertThat(replayed).isEqualTo(first);
    }

    @Test
    void publishedV1RecordRendersToTheSameBytesAsTheV2RecordOfTheSameInsight() {
        ConsumerRecord<String, byte[]> v2 = consumed(codec.toRecord(Topics.INSIGHT_EVENTS, seed), 1, 3);
        ConsumerRecord<String, byte[]> v1 = consumed(PublishedV1.of(seed), 1, 3);
        assertThat(CloudEventCodec.header(v1.headers(), CloudEventCodec.TYPE)).isEqualTo("insight.published.v1");
        assertThat(v1.value()).isNotEqualTo(v2.value());

        byte[] fromV1 = pipeline.process(v1).value();

        assertThat(fromV1).isEqualTo(pipeline.process(v2).value());
    }

    @Test
    void rejectsInvalidJsonAsMalformed() {
        ProducerRecord<String, byte[]> good = codec.toRecord(Topics.INSIGHT_EVENTS, seed);
        ConsumerRecord<String, byte[]> record = consumed(new ProducerRecord<>(good.topic(), null, good.key(),
                "{\"title\": ".getBytes(StandardCharsets.UTF_8), good.headers()), 0, 0);

        assertThatThrownBy(() -> pipeline.process(record)).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void rejectsRenderedEventOnTheInputTopicAsMalformed() {
        ProducerRecord<String, byte[]> rendered = pipeline.process(consumed(codec.toRecord(Topics.INSIGHT_EVENTS, seed), 0, 0));

        assertThatThrownBy(() -> pipeline.process(consumed(rendered, 0, 1)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("does not belong on insight-events");
    }

    @Test
    void reportsSlugThatIsNoSafePathSegmentAsRenderFailure() {
        InsightPublished unsafe = new InsightPublished(UUID.randomUUID(), seed.occurredAt(), "test",
                new InsightMetadata("../admin", seed.insight().title(), seed.insight().summary(),
                        seed.insight().category(), seed.insight().publishedAt(), 4, null, null, "en"),
                "body");

        assertThatThrownBy(() -> pipeline.process(consumed(codec.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) unsafe), 0, 0)))
                .isInstanceOf(RenderFailedException.class)
                .hasMessageContaining("../admin");
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> record, int partition, long offset) {
        ConsumerRecord<String, byte[]> consumed =
                new ConsumerRecord<>(record.topic(), partition, offset, record.key(), record.value());
        record.headers().forEach(consumed.headers()::add);
        return consumed;
    }
}
