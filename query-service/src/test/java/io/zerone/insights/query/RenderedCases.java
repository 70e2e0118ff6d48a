package io.zerone.insights.query;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.springframework.web.util.HtmlUtils;

import io.zerone.insights.events.Revision;
import io.zerone.insights.events.cases.CaseRemoved;
import io.zerone.insights.events.cases.CaseRendered;

/**
 * Cases as render-service writes them. Revisions come from one counter per JVM, like offsets of case-events: every
 * case event made later is a newer revision, whatever test made it.
 */
public final class RenderedCases {

    private static final AtomicLong OFFSETS = new AtomicLong();

    private RenderedCases() {
    }

    public static CaseRendered rendered(String number, String title) {
        Instant publishedAt = Instant.parse("2026-03-01T00:00:00Z");
        String html = """
                <article class="case-study" aria-labelledby="case-title">
                <header>
                <p class="meta">Case %1$s · <time datetime="2026-03-01">2026-03-01</time></p>
                <h1 id="case-title">%2$s</h1>
                <p class="summary">The system behind case %1$s.</p>
                </header>
                <div class="body"><h2>The system</h2><p>What was built, what broke, what held.</p></div>
                </article>
                """.formatted(number, HtmlUtils.htmlEscape(title));
        return new CaseRendered(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), nextRevision(), Instant.now(),
                number, "case-" + number, title, "The system behind case " + number + ".", publishedAt, html,
                "sha256-" + Integer.toHexString(html.hashCode()));
    }

    public static CaseRemoved removed(String number) {
        return new CaseRemoved(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), nextRevision(), number,
                "withdrawn by the editor");
    }

    /** The eight cases the seed's counter counts, 01 to 08, titled "Seed case NN". */
    public static List<CaseRendered> seedCases() {
        return IntStream.rangeClosed(1, 8).mapToObj(n -> "%02d".formatted(n))
                .map(number -> rendered(number, "Seed case " + number)).toList();
    }

    private static Revision nextRevision() {
        return new Revision(0, OFFSETS.incrementAndGet());
    }
}
