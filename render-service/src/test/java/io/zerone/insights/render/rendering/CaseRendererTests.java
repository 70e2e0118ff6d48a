package io.zerone.insights.render.rendering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.zerone.insights.events.Revision;
import io.zerone.insights.events.cases.CasePublished;
import io.zerone.insights.events.cases.CaseRendered;

class CaseRendererTests {

    private final CaseRenderer renderer = new CaseRenderer(URI.create("https://zerone.example"),
            Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void caseBecomesItsArticleWithTheBodySanitizedAsAnInsightsIs() {
        CaseRendered rendered = renderer.render(published("06", "## The system\n\n<script>x()</script>"
                + "<img src=x onerror=alert(1)> [vendors](javascript:alert(1)) & \"quotes\""), new Revision(1, 7));

        Document article = Jsoup.parseBodyFragment(rendered.caseHtml());
        assertThat(article.select("article.case-study h1").text()).isEqualTo("A <b>marketplace</b>");
        assertThat(article.select(".meta").text()).isEqualTo("Case 06 · 2026-05-04");
        assertThat(article.select(".body h2").text()).isEqualTo("The system");
        assertThat(article.select("script, [onerror], a[href^=javascript], b")).isEmpty();
        assertThat(rendered.contentHash()).isEqualTo(InsightRenderer.contentHash(rendered.caseHtml()));
    }

    @Test
    void sameRevisionRendersTheSameBytesAndEventId() {
        CasePublished event = published("06", "Body.");

        assertThat(renderer.render(event, new Revision(1, 7))).isEqualTo(renderer.render(event, new Revision(1, 7)));
    }

    @Test
    void numberThatIsNoCaseNumberCannotBeRendered() {
        assertThatThrownBy(() -> renderer.render(published("6/../x", "Body."), new Revision(1, 7)))
                .isInstanceOf(RenderFailedException.class)
                .hasMessageContaining("two digits");
    }

    private static CasePublished published(String number, String body) {
        return new CasePublished(UUID.fromString("8b1e2d3c-4f5a-3b6c-9d7e-0f1a2b3c4d5e"),
                Instant.parse("2026-06-01T08:00:00Z"), "dev-editor", number, "a-marketplace", "A <b>marketplace</b>",
                "A promise the code keeps.", Instant.parse("2026-05-04T00:00:00Z"), body);
    }
}
