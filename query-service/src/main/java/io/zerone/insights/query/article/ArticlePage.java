package io.zerone.insights.query.article;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.web.Pages;
import io.zerone.insights.query.web.Responses;
import io.zerone.insights.query.web.Slug;
import reactor.core.publisher.Mono;

/**
 * {@code /insights/{slug}}: the page render-service stored, in the coding the visitor accepts (gzip, brotli,
 * identity), with its tags and related insights added below the article ({@link RelatedInsights}). That is done and
 * compressed once when the page is cached; a cached page is sent as it is (docs/adr/0014 and 0025). An address whose
 * slug is written with capitals is moved permanently to the lowercase one. GET and HEAD reach {@link #article} through
 * {@link ArticleRoutes}; the mapping here answers OPTIONS and the 405 of other methods (docs/adr/0028).
 */
@Controller
class ArticlePage {

    private final StoredArticles articles;
    private final RelatedInsights related;
    private final ResponseCache cache;
    private final Responses responses;
    private final Pages pages;

    ArticlePage(StoredArticles articles, RelatedInsights related, ResponseCache cache, Responses responses,
            Pages pages) {
        this.articles = articles;
        this.related = related;
        this.cache = cache;
        this.responses = responses;
        this.pages = pages;
    }

    @GetMapping("/insights/{slug}")
    Mono<ResponseEntity<byte[]>> article(@PathVariable String slug, ServerHttpRequest request) {
        if (!Slug.isSlug(slug)) {
            String lowercase = Slug.lowercased(slug);
            return Mono.just(lowercase == null ? notFound()
                    : Responses.movedPermanently(request, "/insights/" + lowercase));
        }
        // the entry holds every coding of the page with its ETag, so a hit, and a 304 above all, does no work on a body
        return cache.get(CacheKey.withRelated(slug, "site:article"),
                        () -> articles.find(slug).flatMap(stored -> related.page(slug, stored)))
                .map(article -> article.removed()
                        ? pages.errorResponse(HttpStatus.GONE,
                                "This insight was taken down by its editors. The others are still here.")
                        : responses.send(request, article.page()))
                .switchIfEmpty(Mono.fromSupplier(this::notFound))
                .onErrorResume(Pages::isUnavailable, e -> Mono.just(pages.unavailable(e,
                        "The insight took too long to load. Please try again in a moment.")));
    }

    private ResponseEntity<byte[]> notFound() {
        return pages.errorResponse(HttpStatus.NOT_FOUND, "There is no insight at this address.");
    }
}
