package io.zerone.insights.query.api;

import java.time.Instant;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.insight.SiteSettings;
import io.zerone.insights.query.search.SearchQueries;
import io.zerone.insights.query.search.SearchResults;
import io.zerone.insights.query.web.Responses;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/search}: ranked hits with highlighted snippets and category facets. Cached like every response:
 * the cache is bounded and its admission policy keeps frequent searches, so rare ones cannot push out the listing.
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
        String query = query(q);
        String inCategory = Params.text("category", category, SearchQueries.MAX_CATEGORY_LENGTH);
        int max = Params.limit(limit, 10, 50);
        return cache.get(CacheKey.manyInsights("api:search:" + inCategory + "|" + max + "|" + query),
                        () -> search.search(query, inCategory, max).map(results -> responses.json(body(results))))
                .map(body -> responses.send(request, body));
    }

    /** The query as the user typed it, checked: blank or longer than 200 characters is a 400. */
    static String query(String q) {
        if (q == null || q.isBlank()) {
            throw Params.badRequest("q must not be empty");
        }
        return Params.text("q", q.strip(), SearchQueries.MAX_QUERY_LENGTH);
    }

    private Body body(SearchResults results) {
        return new Body(results.query(), results.fuzzy(),
                results.hits().stream().map(hit -> new Hit(hit.slug(), hit.title(), hit.summary(), hit.category(),
                        hit.publishedAt(), hit.readingMinutes(), site.insightUrl(hit.slug()),
                        hit.snippetHtml())).toList(),
                results.facets());
    }

    record Body(String query, boolean fuzzy, List<Hit> items, List<SearchResults.Facet> facets) {
    }

    record Hit(String slug, String title, String summary, String category, Instant publishedAt, int readingMinutes,
            String url, String snippet) {
    }
}
