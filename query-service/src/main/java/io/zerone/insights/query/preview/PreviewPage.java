package io.zerone.insights.query.preview;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.zerone.insights.layout.CaseLinks;
import io.zerone.insights.query.cases.PublishedCases;
import io.zerone.insights.query.web.DatabaseUnavailable;
import io.zerone.insights.query.web.Pages;
import reactor.core.publisher.Mono;

/**
 * {@code /preview/{token}}: the stored page of a draft for whoever holds the token, until it expires, its "From Case
 * NN" linked while that case is published, as the article will be (and otherwise byte for byte); a 404 page for an
 * unknown or expired one. Never cached by anyone but the browser's own history ({@code private,
 * no-store}), never indexed ({@code X-Robots-Tag}, beside the meta tag render-service put in the page), and
 * never in the response cache: that cache is invalidated by slug, and a preview has none.
 */
@Controller
class PreviewPage {

    static final String ROBOTS = "X-Robots-Tag";
    static final String PRIVATE = "private, no-store";

    /** 32 bytes in base64url without padding: what ingest-service hands out, and nothing else reaches the database. */
    private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9_-]{43}$");

    private final StoredPreviews previews;
    private final PublishedCases cases;
    private final Pages pages;
    private final DatabaseUnavailable databaseUnavailable;

    PreviewPage(StoredPreviews previews, PublishedCases cases, Pages pages, DatabaseUnavailable databaseUnavailable) {
        this.previews = previews;
        this.cases = cases;
        this.pages = pages;
        this.databaseUnavailable = databaseUnavailable;
    }

    @GetMapping("/preview/{token}")
    Mono<ResponseEntity<byte[]>> preview(@PathVariable String token) {
        if (!TOKEN.matcher(token).matches()) {
            return Mono.just(notFound());
        }
        return previews.find(token)
                .zipWith(cases.titles(), CaseLinks::resolve)
                .map(page -> ResponseEntity.ok()
                        .header(HttpHeaders.CACHE_CONTROL, PRIVATE)
                        .header(ROBOTS, "noindex")
                        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                        .body(page.getBytes(StandardCharsets.UTF_8)))
                .switchIfEmpty(Mono.fromSupplier(this::notFound))
                // a preview is read past the response cache, so it maps its own failure as every read does
                .onErrorMap(databaseUnavailable::translateRead)
                .onErrorResume(Pages::isUnavailable, e -> Mono.just(privately(pages.unavailable(e,
                        "The preview took too long to load. Please try again in a moment."))));
    }

    private ResponseEntity<byte[]> notFound() {
        return privately(pages.errorResponse(HttpStatus.NOT_FOUND,
                "There is no preview at this address: it expired, or it never was."));
    }

    /** The error page as a preview answers: kept by no cache, indexed by no search engine. */
    private static ResponseEntity<byte[]> privately(ResponseEntity<byte[]> page) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(page.getHeaders());
        headers.set(HttpHeaders.CACHE_CONTROL, PRIVATE);
        headers.set(ROBOTS, "noindex");
        return ResponseEntity.status(page.getStatusCode()).headers(headers).body(page.getBody());
    }
}
