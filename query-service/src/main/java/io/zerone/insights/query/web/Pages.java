package io.zerone.insights.query.web;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import gg.jte.Content;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.zerone.insights.layout.CaseLinks;
import io.zerone.insights.layout.Layout;
import io.zerone.insights.layout.PageHead;

/**
 * Renders this service's pages (templates precompiled from src/main/jte) inside the shared site layout: each feature
 * its own template with its own view, and the error page every feature answers with.
 */
@Component
public class Pages {

    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Pages.class.getClassLoader(), "io.zerone.insights.query.jte");

    /** The template (e.g. {@code listing.jte}) rendered with its one parameter, inside the layout. */
    public CachedBody page(PageHead head, String template, Object view) {
        return html(head, output -> TEMPLATES.render(template, view, output));
    }

    /** The template rendered with its one parameter as a piece of HTML, without the layout. */
    public String fragment(String template, Object view) {
        return Layout.render(output -> TEMPLATES.render(template, view, output));
    }

    /**
     * The same, with "From Case NN" on its cards linked to every case in {@code publishedCases} (number to title) and
     * plain text for any other, as the projector stores article pages and cards (docs/adr/0024).
     */
    public CachedBody page(PageHead head, String template, Object view, Map<String, String> publishedCases) {
        String html = Layout.render(Layout.page(head, output -> TEMPLATES.render(template, view, output)));
        return CachedBody.hashed(CaseLinks.resolve(html, publishedCases), CachedBody.HTML);
    }

    CachedBody error(HttpStatus status, String message) {
        return error(status, title(status), message);
    }

    private static String title(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "Page not found";
            case GONE -> "This insight was unpublished";
            case BAD_REQUEST -> "That request did not make sense";
            default -> status.getReasonPhrase();
        };
    }

    private CachedBody error(HttpStatus status, String title, String message) {
        return html(new PageHead(title + " · ZERONE", null, null, "en"), output -> TEMPLATES.render("error.jte",
                Map.of("status", status.value(), "title", title, "message", message), output));
    }

    /** The error page with this status and a title of its own; not cached, and with no ETag. */
    public ResponseEntity<byte[]> errorResponse(HttpStatus status, String title, String message) {
        CachedBody body = error(status, title, message);
        return ResponseEntity.status(status).contentType(body.contentType()).body(body.bytes());
    }

    /** The error page with this status; not cached, and with no ETag. */
    public ResponseEntity<byte[]> errorResponse(HttpStatus status, String message) {
        return errorResponse(status, title(status), message);
    }

    /**
     * Whether a read failed as the response cache's 503 problem: the statement ran into the read timeout
     * ({@link Problems#timedOut}) or the database is unreachable ({@link DatabaseUnavailable}). A page answers it
     * with {@link #unavailable}, as the advice would answer it with problem+json, which a browser shows as raw text.
     */
    public static boolean isUnavailable(Throwable failure) {
        return failure instanceof ErrorResponseException problem
                && problem.getStatusCode().value() == HttpStatus.SERVICE_UNAVAILABLE.value();
    }

    /**
     * The 503 page for such a failure, with the problem's Retry-After and Cache-Control; {@code tooSlow} says what
     * took too long, for a timeout.
     */
    public ResponseEntity<byte[]> unavailable(Throwable failure, String tooSlow) {
        String message = ReadTimeout.is(failure) ? tooSlow
                : "The insights cannot be read just now. Please try again in a moment.";
        CachedBody body = error(HttpStatus.SERVICE_UNAVAILABLE, title(HttpStatus.SERVICE_UNAVAILABLE), message);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .headers(((ErrorResponseException) failure).getHeaders())
                .contentType(body.contentType()).body(body.bytes());
    }

    private static CachedBody html(PageHead head, Content body) {
        return CachedBody.hashed(Layout.render(Layout.page(head, body)), CachedBody.HTML);
    }
}
