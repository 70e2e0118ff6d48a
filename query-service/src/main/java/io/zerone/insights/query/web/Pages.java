package io.zerone.insights.query.web;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import gg.jte.Content;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.zerone.insights.layout.Layout;
import io.zerone.insights.layout.PageHead;
import io.zerone.insights.query.listing.ListingView;
import io.zerone.insights.query.search.SearchView;

/** Renders this service's pages (templates precompiled from src/main/jte) inside the shared site layout. */
@Component
public class Pages {

    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Pages.class.getClassLoader(), "io.zerone.insights.query.jte");

    private final SiteSettings site;

    Pages(SiteSettings site) {
        this.site = site;
    }

    public CachedBody listing(ListingView view, String canonicalPath) {
        String description = "Lessons from production: field notes from real systems.";
        return html(new PageHead("Insights · ZERONE", description, site.baseUrl().resolve(canonicalPath).toString(),
                "en"), output -> TEMPLATES.render("listing.jte", view, output));
    }

    public CachedBody search(SearchView view) {
        String title = view.query() == null ? "Search insights · ZERONE" : view.query() + " · Search · ZERONE";
        return html(new PageHead(title, "Search the insights.", null, "en"),
                output -> TEMPLATES.render("search.jte", view, output));
    }

    public CachedBody error(HttpStatus status, String message) {
        String title = switch (status) {
            case NOT_FOUND -> "Page not found";
            case GONE -> "This insight was unpublished";
            case BAD_REQUEST -> "That request did not make sense";
            default -> status.getReasonPhrase();
        };
        return html(new PageHead(title + " · ZERONE", null, null, "en"), output -> TEMPLATES.render("error.jte",
                Map.of("status", status.value(), "title", title, "message", message), output));
    }

    public ResponseEntity<byte[]> errorResponse(HttpStatus status, String message) {
        CachedBody body = error(status, message);
        return ResponseEntity.status(status).contentType(body.contentType()).body(body.bytes());
    }

    private static CachedBody html(PageHead head, Content body) {
        return CachedBody.hashed(Layout.render(Layout.page(head, body)), CachedBody.HTML);
    }
}
