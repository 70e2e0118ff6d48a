package io.zerone.insights.render.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.PreviewRendered;
import io.zerone.insights.events.PreviewRequested;
import io.zerone.insights.events.Revision;
import io.zerone.insights.events.Topics;
import io.zerone.insights.render.SeedEvents;
import io.zerone.insights.render.pipeline.RecordSizeLimit;
import io.zerone.insights.render.rendering.InsightRenderer;
import io.zerone.insights.render.rendering.RenderFailedException;

class PreviewRenderingTests {

    final CloudEventCodec codec = new CloudEventCodec();
    final InsightRenderer renderer = new InsightRenderer(URI.create("http://localhost:8080"), Clock.systemUTC());
    final PreviewRendering rendering =
            new PreviewRendering(codec, renderer, Clock.systemUTC(), new RecordSizeLimit(4 * 1024 * 1024));
    final InsightPublished draft = SeedEvents.load().get(1);

    @Test
    void aDraftWhoseBodyCannotBeRenderedPreviewsAsItsPageSayingWhy() {
        // a header of 1,000 columns over 200 lines: 200,000 cells, past the renderer's bound
        String wide = "|a".repeat(1000) + "|\n" + "|-".repeat(1000) + "|\n" + "x\n".repeat(200);

        Document page = Jsoup.parse(rendering.render(preview(wide), new Revision(0, 7)).pageHtml());

        assertThat(page.select("h1").text()).isEqualTo(draft.insight().title());
        assertThat(page.select("meta[name=robots]").attr("content")).isEqualTo("noindex");
        assertThat(page.select("[data-insight-body]").text())
                .contains("This draft cannot be rendered, and a publish of it would fail")
                .contains("100000");
        assertThat(page.select("table")).isEmpty();
    }

    @Test
    void aDraftWhosePageCannotBeMadeAtAllStillFails() {
        PreviewRequested unsafe = new PreviewRequested(UUID.randomUUID(), Instant.now(), "test", "t-unsafe",
                Instant.now().plus(Duration.ofHours(1)), draft.insight().withSlug("Not/A/Path"), "## Fine");

        assertThatThrownBy(() -> rendering.render(unsafe, new Revision(0, 8)))
                .isInstanceOf(RenderFailedException.class);
    }

    @Test
    void aDraftWhosePageIsLargerThanARecordMayHoldPreviewsAsItsPageSayingSo() {
        RecordSizeLimit oneMegabyte = new RecordSizeLimit(1024 * 1024);
        PreviewRendering smallRecords = new PreviewRendering(codec, renderer, Clock.systemUTC(), oneMegabyte);
        // every & is escaped to &amp;: 300,000 characters of body make a page of more than 1.4 MB
        PreviewRequested large = preview("&".repeat(300_000));

        ProducerRecord<String, byte[]> sent =
                smallRecords.process(consumed(codec.toRecord(Topics.INSIGHT_PREVIEWS, large)));

        assertThat(oneMegabyte.admits(RecordSizeLimit.size(sent))).isTrue();
        PreviewRendered rendered = (PreviewRendered) codec.fromRecord(consumed(sent));
        assertThat(rendered.token()).isEqualTo(large.token());
        Document page = Jsoup.parse(rendered.pageHtml());
        assertThat(page.select("h1").text()).isEqualTo(draft.insight().title());
        assertThat(page.select("meta[name=robots]").attr("content")).isEqualTo("noindex");
        assertThat(page.select("[data-insight-body]").text())
                .matches("This draft cannot be previewed, and a publish of it would fail: its page is 1\\.[45] MB, "
                        + "more than the 1 MB a record may hold\\.");
    }

    @Test
    void sizesAreShownInMegabytesRoundedAwayFromTheLimit() {
        assertThat(PreviewRendering.megabytes(4 * 1024 * 1024, false)).isEqualTo("4 MB");
        assertThat(PreviewRendering.megabytes(4 * 1024 * 1024 + 1, true)).isEqualTo("4.1 MB");
        assertThat(PreviewRendering.megabytes(5_452_595, true)).isEqualTo("5.2 MB");
    }

    @Test
    void aDraftWhosePageFitsARecordIsSentAsItsPage() {
        PreviewRequested fine = preview(draft.body());

        ProducerRecord<String, byte[]> sent =
                rendering.process(consumed(codec.toRecord(Topics.INSIGHT_PREVIEWS, fine)));

        assertThat(((PreviewRendered) codec.fromRecord(consumed(sent))).pageHtml())
                .isEqualTo(rendering.render(fine, new Revision(0, 0)).pageHtml());
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> record) {
        ConsumerRecord<String, byte[]> consumed =
                new ConsumerRecord<>(record.topic(), 0, 0, record.key(), record.value());
        record.headers().forEach(consumed.headers()::add);
        return consumed;
    }

    private PreviewRequested preview(String body) {
        return new PreviewRequested(UUID.randomUUID(), Instant.now(), "test", "t-" + UUID.randomUUID(),
                Instant.now().plus(Duration.ofHours(1)), draft.insight(), body);
    }
}
