package io.zerone.insights.query.search;

import java.time.Instant;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.web.Params.InvalidParameter;
import io.zerone.insights.query.web.Responses;
import io.zerone.insights.query.web.SiteSettings;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/search}: ranked hits with highlighted title, summary and snippet, category facets counted up to a
 * cap, and a "did you mean" suggestion when the words as typed matched nothing. Cached like every response: the cache
 * is bounded and its admission policy keeps frequent searches, so rare ones cannot push out the listing. A search
 * that outlasts the statement timeout is a 503 problem.
 */
@RestController
class SearchApi {

    private final SearchQueries search;
    private final ResponseCache cache;
    private final Responses responses;
    private final SiteSettings site;

    SearchApi(SearchQueries search, ResponseCache cache, Responses responses, SiteSettings site) {
        this.search = search;
        this.cache = cache;
        this.responses = responses;
        this.site = site;
    }

    @GetMapping("/api/search")
    Mono<ResponseEntity<byte[]>> search(@RequestParam(required = false) String q,
            @RequestParam(required = false) String category, @RequestParam(required = false) String limit,
            ServerHttpRequest request) {
        String query = SearchParams.query(q);
        if (query == null) {
            throw new InvalidParameter("q", "q must not be empty");
        }
        String inCategory = SearchParams.category(category);
        int max = SearchParams.limit(limit);
        return cache.get(CacheKey.manyInsights("api:search", inCategory, max, query),
                        () -> search.search(query, inCategory, max).map(results -> responses.json(body(results))))
                .map(body -> responses.send(request, body));
    }

    private Body body(SearchResults results) {
        return new Body(results.query(), results.suggestion() != null, results.suggestion(), results.total(),
                results.hits().stream().map(hit -> new Hit(hit.slug(), hit.title(), hit.titleHtml(), hit.summary(),
                        hit.summaryHtml(), hit.category(), hit.publishedAt(), hit.readingMinutes(),
                        site.insightUrl(hit.slug()), hit.snippetHtml())).toList(),
                results.facets());
    }

    /**
     * @param fuzzy whether the items are those of {@code suggestion}, the query with its misspelled words corrected
     * @param total how many insights match; {@code capped} means at least that many
     */
    record Body(String query, boolean fuzzy, String suggestion, SearchResults.Count total, List<Hit> items,
            List<SearchResults.Facet> facets) {
    }

    /** {@code titleHtml}, {@code summaryHtml} and {@code snippet} are escaped HTML with the matches in mark. */
    record Hit(String slug, String title, String titleHtml, String summary, String summaryHtml, String category,
            Instant publishedAt, int readingMinutes, String url, String snippet) {
    }
}
