package io.zerone.insights.query.site;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.insight.InsightQueries;
import io.zerone.insights.query.web.CachedBody;
import io.zerone.insights.query.web.Responses;
import reactor.core.publisher.Mono;

/** {@code /insights/{slug}}: the page render-service stored, byte for byte; nothing is rendered at read time. */
@Controller
class ArticlePage {

    private static final java.util.regex.Pattern SLUG = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,199}");

    private final InsightQueries insights;
    private final ResponseCache cache;
    private final Responses responses;
    private final Pages pages;

    ArticlePage(InsightQueries insights, ResponseCache cache, Responses responses, Pages pages) {
        this.insights = insights;
        this.cache = cache;
        this.responses = responses;
        this.pages = pages;
    }

    @GetMapping("/insights/{slug}")
    Mono<ResponseEntity<byte[]>> article(@PathVariable String slug, ServerHttpRequest request) {
        if (!SLUG.matcher(slug).matches()) {
            return Mono.just(notFound());
        }
        return cache.get(InsightQueries.cacheKey(slug), () -> insights.find(slug))
                .map(stored -> stored.removed()
                        ? pages.errorResponse(HttpStatus.GONE,
                                "This insight was taken down by its editors. The others are still here.")
                        : responses.send(request, CachedBody.page(stored.pageHtml(), stored.contentHash())))
                .defaultIfEmpty(notFound());
    }

    private ResponseEntity<byte[]> notFound() {
        return pages.errorResponse(HttpStatus.NOT_FOUND, "There is no insight at this address.");
    }
}
