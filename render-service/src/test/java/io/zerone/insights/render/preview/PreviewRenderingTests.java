package io.zerone.insights.render.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.PreviewRequested;
import io.zerone.insights.events.Revision;
import io.zerone.insights.render.SeedEvents;
import io.zerone.insights.render.rendering.InsightRenderer;
import io.zerone.insights.render.rendering.RenderFailedException;

class PreviewRenderingTests {

    final PreviewRendering rendering = new PreviewRendering(new CloudEventCodec(),
            new InsightRenderer(URI.create("http://localhost:8080"), Clock.systemUTC()), Clock.systemUTC());
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

    private PreviewRequested preview(String body) {
        return new PreviewRequested(UUID.randomUUID(), Instant.now(), "test", "t-" + UUID.randomUUID(),
                Instant.now().plus(Duration.ofHours(1)), draft.insight(), body);
    }
}
