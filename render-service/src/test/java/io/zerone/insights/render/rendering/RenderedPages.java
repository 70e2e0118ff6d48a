package io.zerone.insights.render.rendering;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.zerone.insights.events.InsightMetadata;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.Revision;

/** Test fixtures: a renderer on a fixed clock and insights whose body a test chooses. */
final class RenderedPages {

    static final URI BASE_URL = URI.create("https://insights.example.org");
    static final InsightRenderer RENDERER =
            new InsightRenderer(BASE_URL, Clock.fixed(Instant.parse("2026-06-05T09:00:02Z"), ZoneOffset.UTC));

    private RenderedPages() {
    }

    static InsightPublished insight(String title, String summary, String body) {
        return new InsightPublished(UUID.randomUUID(), Instant.parse("2026-06-05T09:00:01.250Z"), "test",
                new InsightMetadata("symptom-root-cause", title, summary, "Debugging",
                        Instant.parse("2026-04-18T14:00:00Z"), 5, "01", List.of("postgresql", "auto-healing"), "en"),
                body);
    }

    static InsightRendered render(InsightPublished insight) {
        return RENDERER.render(insight, new Revision(0, 7));
    }

    static String bodyHtml(String markdown) {
        return new HtmlSanitizer(BASE_URL).sanitize(new MarkdownRenderer().toHtml(markdown)).html();
    }
}
