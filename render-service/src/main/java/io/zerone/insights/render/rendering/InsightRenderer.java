package io.zerone.insights.render.rendering;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

import org.jsoup.nodes.Element;

import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.events.InsightMetadata;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.Revision;
import io.zerone.insights.events.SearchDocument;
import io.zerone.insights.layout.Card;
import io.zerone.insights.layout.InsightMeta;
import io.zerone.insights.layout.Layout;

/**
 * Turns one revision of an insight into its article page, listing card and search document. Pure apart from the
 * clock: the same event and revision always give the same page, card, document, hash and event id, so a replay
 * repeats its outputs exactly and consumers can drop the second copy.
 */
public class InsightRenderer {

    private final MarkdownRenderer markdown = new MarkdownRenderer();
    private final HtmlSanitizer sanitizer;
    private final URI baseUrl;
    private final Clock clock;

    public InsightRenderer(URI publicBaseUrl, Clock clock) {
        this.baseUrl = publicBaseUrl;
        this.sanitizer = new HtmlSanitizer(publicBaseUrl);
        this.clock = clock;
    }

    /** @throws RenderFailedException when this revision cannot be rendered, whatever the reason */
    public InsightRendered render(InsightPublished event, Revision revision) {
        try {
            return doRender(event, revision);
        } catch (RuntimeException | StackOverflowError e) {
            // a pathologically nested body may exhaust the stack in a recursive renderer: that input is at fault,
            // not the JVM, and an Error escaping the listener would stop the container for every other insight
            throw new RenderFailedException("cannot render " + event.slug() + " at " + revision + ": " + e.getMessage(), e);
        }
    }

    private InsightRendered doRender(InsightPublished event, Revision revision) {
        InsightMetadata insight = event.insight();
        // the slug becomes a URL path segment: the rule ingest-service applies, checked again before it is used. A
        // longer one was rendered and listed, though past 200 characters query-service answers its address (and a
        // listing cursor after it) as unknown, and past a few thousand PostgreSQL cannot index it
        if (!InsightEvent.isSlug(insight.slug())) {
            throw new IllegalArgumentException("slug is not a safe path segment of at most "
                    + InsightEvent.SLUG_MAX_LENGTH + " characters");
        }
        Element body = sanitizer.sanitize(markdown.toHtml(event.body()));
        String path = Layout.LISTING_PATH + "/" + insight.slug();
        String url = baseUrl.resolve(path).toString();
        InsightMeta meta = new InsightMeta(insight.category(),
                insight.publishedAt().atOffset(ZoneOffset.UTC).toLocalDate(), insight.readingMinutes(),
                insight.caseRef());

        // a revision scheduled ahead was written before its publishedAt, but what a reader sees was not modified
        // before it was published: search engines take dateModified < datePublished (a feed's updated < published,
        // a sitemap's lastmod) for an inconsistent page
        // to the microsecond, as PostgreSQL keeps it: the page said 09:00:01.123456789 where the JSON API, the feed and
        // the sitemap say 09:00:01.123456 for the same revision
        Instant modified = (event.occurredAt().isBefore(insight.publishedAt())
                ? insight.publishedAt() : event.occurredAt()).truncatedTo(ChronoUnit.MICROS);
        String page = ArticlePage.render(new ArticleView(insight.title(), insight.summary(), insight.language(), url,
                meta, insight.publishedAt().toString(), modified.toString(), insight.tags(),
                BlogPosting.of(insight, modified, url), body.html()));
        String card = Layout.render(Layout.card(new Card(path, insight.title(), insight.summary(), meta,
                insight.language())));
        // one line of words: jsoup keeps the line breaks of code blocks, an index has no use for them
        String bodyText = oneLine(body.text());
        SearchDocument search = new SearchDocument(insight.title(), insight.summary(), bodyText, insight.tags(),
                insight.category(), insight.language());

        return new InsightRendered(derivedId("rendered", event.eventId()), clock.instant(), event.eventId(), revision,
                modified, insight, page, card, search, contentHash(page));
    }

    /**
     * Every run of {@code [ \t\n\x0B\f\r]} becomes one space, then the ends are stripped: what
     * {@code replaceAll("\\s+", " ").strip()} gives, byte for byte, so a replay still repeats earlier outputs, at a
     * fraction of the regex's cost (it took a sixth of the rendering).
     */
    static String oneLine(String text) {
        StringBuilder line = new StringBuilder(text.length());
        boolean inWhitespace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean whitespace = c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
            if (!whitespace) {
                line.append(c);
            } else if (!inWhitespace) {
                line.append(' ');
            }
            inWhitespace = whitespace;
        }
        return line.toString().strip();
    }

    /** The id of what a source event became: the same on every replay, so a consumer recognises the second copy. */
    public static UUID derivedId(String kind, UUID sourceEventId) {
        return UUID.nameUUIDFromBytes((kind + ":" + sourceEventId).getBytes(StandardCharsets.UTF_8));
    }

    /** The page's ETag: the SHA-256 of its UTF-8 bytes. */
    static String contentHash(String page) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(page.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
