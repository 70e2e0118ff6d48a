package io.zerone.insights.query;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.springframework.web.util.HtmlUtils;

import io.zerone.insights.events.InsightMetadata;
import io.zerone.insights.events.InsightRemoved;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.Revision;
import io.zerone.insights.events.SearchDocument;

/**
 * Events as render-service writes them, made from seed insights. Revisions come from one counter per JVM, like
 * offsets of insight-events: every event made later is a newer revision, whatever test made it.
 */
public final class RenderedEvents {

    private static final AtomicLong OFFSETS = new AtomicLong();

    private RenderedEvents() {
    }

    public static Revision nextRevision() {
        return new Revision(0, OFFSETS.incrementAndGet());
    }

    public static InsightRendered rendered(Seed seed) {
        return rendered(seed, nextRevision(), UUID.randomUUID());
    }

    public static InsightRendered rendered(Seed seed, Revision revision, UUID sourceEventId) {
        String page = page(seed);
        return new InsightRendered(UUID.randomUUID(), Instant.now(), sourceEventId, revision, Instant.now(),
                new InsightMetadata(seed.slug(), seed.title(), seed.summary(), seed.category(), seed.publishedAt(),
                        seed.readingMinutes(), seed.caseRef(), seed.tags(), seed.language()),
                page, card(seed),
                new SearchDocument(seed.title(), seed.summary(), plain(seed.body()), seed.tags(), seed.category(),
                        seed.language()),
                hash(page));
    }

    /** The same event with another plain text of its body for search; its page stays as it is. */
    public static InsightRendered withSearchText(InsightRendered event, String bodyText) {
        SearchDocument search = event.searchDocument();
        return new InsightRendered(event.eventId(), event.occurredAt(), event.sourceEventId(), event.revision(),
                event.revisedAt(), event.insight(), event.pageHtml(), event.cardHtml(), new SearchDocument(
                        search.title(), search.summary(), bodyText, search.tags(), search.category(),
                        search.language()), event.contentHash());
    }

    /**
     * Words of four letters, each different from the others (aaaa, baaa, caaa...): each one grows a search vector,
     * which PostgreSQL holds up to 1 MB; 180,000 of them make one of ~1.4 MB.
     */
    public static String differentWords(int count) {
        StringBuilder words = new StringBuilder(count * 5);
        for (int i = 0; i < count; i++) {
            for (int letter = 0, rest = i; letter < 4; letter++, rest /= 26) {
                words.append((char) ('a' + rest % 26));
            }
            words.append(' ');
        }
        return words.toString().strip();
    }

    public static InsightRemoved removed(String slug) {
        return new InsightRemoved(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), nextRevision(), slug,
                "withdrawn by the editor");
    }

    /** A complete, valid HTML document, as render-service's layout would make it. */
    static String page(Seed seed) {
        String title = HtmlUtils.htmlEscape(seed.title());
        return """
                <!DOCTYPE html>
                <html lang="%s">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · Insights</title>
                <meta name="description" content="%s">
                </head>
                <body>
                <main>
                <article class="insight">
                <header><h1>%s</h1></header>
                <div class="body" data-insight-body>
                %s
                </div>
                </article>
                </main>
                </body>
                </html>
                """.formatted(seed.language(), title, HtmlUtils.htmlEscape(seed.summary()), title, paragraphs(seed.body()));
    }

    static String card(Seed seed) {
        return "<article class=\"card\"><h2><a href=\"/insights/%s\">%s</a></h2><p>%s</p></article>"
                .formatted(seed.slug(), HtmlUtils.htmlEscape(seed.title()), HtmlUtils.htmlEscape(seed.summary()));
    }

    private static String paragraphs(String markdown) {
        return markdown.lines().filter(line -> !line.isBlank())
                .map(line -> "<p>" + HtmlUtils.htmlEscape(line.replaceAll("^[#>*\\-|` ]+", "")) + "</p>")
                .collect(Collectors.joining("\n"));
    }

    private static String plain(String markdown) {
        return markdown.replaceAll("[#*`|>_]", " ").replaceAll("\\s+", " ").strip();
    }

    /** The content hash render-service gives a page. */
    public static String hash(String page) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(page.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
