package io.zerone.insights.query.site;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.insight.InsightQueries;
import io.zerone.insights.query.insight.StoredInsight;
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
        // the entry holds the encoded page and its ETag, so a hit, and a 304 above all, does no work on the body
        return cache.get(CacheKey.singleInsight(slug, "site:article"), () -> insights.find(slug).map(Article::of))
                .map(article -> article.removed()
                        ? pages.errorResponse(HttpStatus.GONE,
                                "This insight was taken down by its editors. The others are still here.")
                        : responses.send(request, article.page()))
                .defaultIfEmpty(notFound());
    }

    private ResponseEntity<byte[]> notFound() {
        return pages.errorResponse(HttpStatus.NOT_FOUND, "There is no insight at this address.");
    }

    /** What is cached per slug: the stored page ready to send, or none for an unpublished insight (410). */
    private record Article(CachedBody page) {

        static Article of(StoredInsight stored) {
            return new Article(stored.removed() ? null : CachedBody.page(stored.pageHtml(), stored.contentHash()));
        }

        boolean removed() {
            return page == null;
        }
    }
}
