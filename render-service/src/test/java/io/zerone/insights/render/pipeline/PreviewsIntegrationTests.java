package io.zerone.insights.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.events.InsightMetadata;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.PreviewRendered;
import io.zerone.insights.events.PreviewRequested;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.SeedEvents;
import io.zerone.insights.render.rendering.RenderFailedException;

/**
 * Previews go their own way through the service (render-service's preview/ package): the insights' renderer, their
 * own topics, their own dead letters, and never a record on insight-rendered.
 */
class PreviewsIntegrationTests extends RealBrokerTest {

    static final String NOINDEX = "<meta name=\"robots\" content=\"noindex\">";

    @Test
    void previewIsThePagePublishingTheSameDraftGivesMarkedNoindexOnItsOwnTopic() throws Exception {
        InsightPublished draft = SeedEvents.load("-preview-" + run).get(2);
        PreviewRequested preview = preview("token-" + run, draft.insight(), draft);

        try (TopicReader pages = new TopicReader(bootstrapServers, Topics.INSIGHT_PREVIEWS_RENDERED)) {
            send(codec.toRecord(Topics.INSIGHT_PREVIEWS, preview));
            send(codec.toRecord(Topics.INSIGHT_EVENTS, (InsightEvent) draft));

            PreviewRendered page = (PreviewRendered) decode(await().atMost(PATIENCE).until(
                    () -> pages.poll().stream().filter(r -> r.key().equals(preview.token())).toList(),
                    list -> !list.isEmpty()).get(0));
            InsightRendered published = awaitRendered(InsightRendered.class,
                    rendered -> rendered.sourceEventId().equals(draft.eventId()), 1).get(0);

            assertThat(page.token()).isEqualTo(preview.token());
            assertThat(page.sourceEventId()).isEqualTo(preview.eventId());
            assertThat(page.expiresAt()).isEqualTo(preview.expiresAt());
            assertThat(page.pageHtml()).containsOnlyOnce(NOINDEX);
            assertThat(page.pageHtml().replace(NOINDEX + "\n", "")).isEqualTo(published.pageHtml());
            // the projector reads insight-rendered into the public site: the draft is there once, as its publish
            try (TopicReader rendered = new TopicReader(bootstrapServers, Topics.INSIGHT_RENDERED)) {
                assertThat(rendered.readToEnd()).filteredOn(record -> record.key().equals(draft.slug())
                                || record.key().equals(preview.token()))
                        .extracting(record -> decode(record) instanceof InsightRendered r ? r.sourceEventId()
                                : decode(record))
                        .containsExactly(draft.eventId());
            }
        }
    }

    @Test
    void previewThatCannotBeRenderedGoesToItsDeadLetterTopicAndTheNextIsStillRendered() throws Exception {
        InsightPublished draft = SeedEvents.load("-preview-" + run).get(1);
        PreviewRequested unrenderable = preview("unsafe-" + run, draft.insight().withSlug("Not/A/Path-" + run), draft);
        ProducerRecord<String, byte[]> template = codec.toRecord(Topics.INSIGHT_PREVIEWS, unrenderable);
        String badJson = "bad-json-" + run;
        PreviewRequested good = preview("good-" + run, draft.insight(), draft);

        try (TopicReader deadLetters = new TopicReader(bootstrapServers, Topics.INSIGHT_PREVIEWS_DLT);
                TopicReader pages = new TopicReader(bootstrapServers, Topics.INSIGHT_PREVIEWS_RENDERED)) {
            // one partition, the bad ones first: it must keep flowing past them
            send(new ProducerRecord<>(Topics.INSIGHT_PREVIEWS, 0, badJson,
                    "{\"token\": ".getBytes(StandardCharsets.UTF_8), template.headers()));
            send(new ProducerRecord<>(Topics.INSIGHT_PREVIEWS, 0, template.key(), template.value(), template.headers()));
            ProducerRecord<String, byte[]> next = codec.toRecord(Topics.INSIGHT_PREVIEWS, good);
            send(new ProducerRecord<>(Topics.INSIGHT_PREVIEWS, 0, next.key(), next.value(), next.headers()));

            List<ConsumerRecord<String, byte[]>> dead = await().atMost(PATIENCE).until(
                    () -> deadLetters.poll().stream().filter(r -> r.key().endsWith(run)).toList(),
                    list -> list.size() == 2);
            assertThat(dead).extracting(record -> header(record, "kafka_dlt-exception-cause-fqcn"))
                    .containsExactlyInAnyOrder(MalformedEventException.class.getName(),
                            RenderFailedException.class.getName());
            assertThat(dead).extracting(record -> header(record, "kafka_dlt-original-topic"))
                    .containsOnly(Topics.INSIGHT_PREVIEWS);
            assertThat(dead).extracting(record -> header(record, "kafka_dlt-original-consumer-group"))
                    .containsOnly(Topics.RENDER_PREVIEWS_GROUP);
            // each says its reason, not the listener method that Spring's wrapper names
            assertThat(dead).extracting(record -> header(record, "kafka_dlt-exception-message"))
                    .allSatisfy(reason -> assertThat(reason).doesNotContain("Listener method"))
                    .anySatisfy(reason -> assertThat(reason).startsWith("invalid insight.preview-requested.v1 JSON: "))
                    .anySatisfy(reason -> assertThat(reason).startsWith("cannot render Not/A/Path-" + run + " at "));
            await().atMost(PATIENCE).until(
                    () -> pages.poll().stream().anyMatch(r -> r.key().equals(good.token())));
        }
    }

    @Test
    void previewWhosePageIsLargerThanARecordMayHoldIsItsPageSayingSoNotADeadLetter() throws Exception {
        InsightPublished draft = SeedEvents.load("-preview-" + run).get(1);
        // a request ingest accepts (1 MB at most) whose page the producer does not (4 MB at most): each & renders to
        // &amp;, each € is 3 bytes, so the body's HTML stays under the renderer's 4 Mi characters but not 4 MiB
        PreviewRequested large = new PreviewRequested(UUID.randomUUID(), draft.occurredAt(), "test", "large-" + run,
                Instant.now().plus(Duration.ofHours(1)), draft.insight(), "&".repeat(800_000) + "€".repeat(80_000));

        try (TopicReader pages = new TopicReader(bootstrapServers, Topics.INSIGHT_PREVIEWS_RENDERED)) {
            send(codec.toRecord(Topics.INSIGHT_PREVIEWS, large));

            PreviewRendered page = (PreviewRendered) decode(await().atMost(PATIENCE).until(
                    () -> pages.poll().stream().filter(r -> r.key().equals(large.token())).toList(),
                    list -> !list.isEmpty()).get(0));
            assertThat(page.sourceEventId()).isEqualTo(large.eventId());
            assertThat(page.pageHtml()).containsOnlyOnce(NOINDEX)
                    .contains("This draft cannot be previewed, and a publish of it would fail:")
                    .containsPattern("its page is 4\\.\\d MB, more than the 4 MB a record may hold\\.")
                    .doesNotContain("&amp;&amp;").doesNotContain("€€");
        }
    }

    private static PreviewRequested preview(String token, InsightMetadata insight, InsightPublished draft) {
        return new PreviewRequested(UUID.randomUUID(), draft.occurredAt(), "test", token,
                Instant.now().plus(Duration.ofHours(1)), insight, draft.body());
    }
}
