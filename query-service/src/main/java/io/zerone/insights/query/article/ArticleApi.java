package io.zerone.insights.query.article;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.web.CachedBody;
import io.zerone.insights.query.web.Problems;
import io.zerone.insights.query.web.Responses;
import io.zerone.insights.query.web.SiteSettings;
import io.zerone.insights.query.web.Slug;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/insights/{slug}}: one insight with its body; 404 for a slug nothing was published under, 410 for
 * an unpublished one, both problems naming the slug; a slug written with capitals is moved permanently (301) to its
 * lowercase address. A read that outlasts the statement timeout is a 503 problem. GET and HEAD reach {@link #one}
 * through {@link ArticleRoutes}; the mapping here answers OPTIONS and the 405 of other methods (docs/adr/0028).
 */
@RestController
class ArticleApi {

    private final StoredArticles articles;
    private final ResponseCache cache;
    private final Responses responses;
    private final SiteSettings site;

    ArticleApi(StoredArticles articles, ResponseCache cache, Responses responses, SiteSettings site) {
        this.articles = articles;
        this.cache = cache;
        this.responses = responses;
        this.site = site;
    }

    @GetMapping("/api/insights/{slug}")
    Mono<ResponseEntity<byte[]>> one(@PathVariable String slug, ServerHttpRequest request) {
        if (!Slug.isSlug(slug)) {
            String lowercase = Slug.lowercased(slug);
            return lowercase == null ? Mono.error(notFound(slug))
                    : Mono.just(Responses.movedPermanently(request, "/api/insights/" + lowercase));
        }
        // the cache keeps the serialized answer with its ETag: a hit sends bytes, as the pages do
        return cache.get(StoredArticles.insightKey(slug), () -> articles.insight(slug)
                        .map(stored -> new Answer(stored.removed() ? null
                                : responses.json(ArticleItem.of(stored, site.insightUrl(slug))))))
                .switchIfEmpty(Mono.error(() -> notFound(slug)))
                .map(answer -> {
                    if (answer.json() == null) {
                        throw gone(slug);
                    }
                    return responses.send(request, answer.json());
                });
    }

    /** The JSON of a live insight, or null for an unpublished one (410). */
    private record Answer(CachedBody json) {
    }

    static ErrorResponseException notFound(String slug) {
        return problem(HttpStatus.NOT_FOUND, "No insight is published under this slug.", slug);
    }

    static ErrorResponseException gone(String slug) {
        return problem(HttpStatus.GONE, "This insight was unpublished.", slug);
    }

    private static ErrorResponseException problem(HttpStatus status, String detail, String slug) {
        ErrorResponseException problem = Problems.problem(status, detail);
        problem.getBody().setProperty("slug", slug);
        return problem;
    }
}
