package io.zerone.insights.render.rendering;

import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.zerone.insights.events.Revision;
import io.zerone.insights.events.cases.CaseEvent;
import io.zerone.insights.events.cases.CasePublished;
import io.zerone.insights.events.cases.CaseRendered;

/**
 * Turns one revision of a case into its article: the Markdown through the renderer and sanitizer of insights, in the
 * case template. query-service puts it on the case page above the case's insights. Pure apart from the clock, as
 * {@link InsightRenderer} is: a replay repeats the same bytes, hash and event id.
 */
public class CaseRenderer {

    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(
            null, ContentType.Html, CaseRenderer.class.getClassLoader(), "io.zerone.insights.render.jte");

    private final MarkdownRenderer markdown = new MarkdownRenderer();
    private final HtmlSanitizer sanitizer;
    private final Clock clock;

    public CaseRenderer(URI publicBaseUrl, Clock clock) {
        this.sanitizer = new HtmlSanitizer(publicBaseUrl);
        this.clock = clock;
    }

    /** @throws RenderFailedException when this revision cannot be rendered, whatever the reason */
    public CaseRendered render(CasePublished event, Revision revision) {
        try {
            if (!CaseEvent.isNumber(event.number())) {
                throw new IllegalArgumentException("number is not a case number of two digits");
            }
            String body = sanitizer.sanitize(markdown.toHtml(event.body())).html();
            StringOutput output = new StringOutput(4 * 1024);
            TEMPLATES.render("caseArticle.jte", new CaseView(event.number(), event.title(), event.summary(),
                    event.publishedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString(), body), output);
            String html = output.toString();
            return new CaseRendered(InsightRenderer.derivedId("case-rendered", event.eventId()), clock.instant(),
                    event.eventId(), revision, event.occurredAt(), event.number(), event.slug(), event.title(),
                    event.summary(), event.publishedAt(), html, InsightRenderer.contentHash(html));
        } catch (RuntimeException | StackOverflowError e) {
            // as for insights: a pathological body is the input's fault, and must not stop the container
            throw new RenderFailedException("cannot render case " + event.number() + " at " + revision + ": "
                    + e.getMessage(), e);
        }
    }
}
