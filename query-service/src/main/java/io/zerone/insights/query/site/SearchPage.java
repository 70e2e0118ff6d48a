package io.zerone.insights.query.site;

import java.time.ZoneOffset;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.search.SearchQueries;
import io.zerone.insights.query.search.SearchResults;
import io.zerone.insights.query.web.Responses;
import reactor.core.publisher.Mono;

/** {@code /insights/search?q=}: the search form, and below it the ranked results with highlighted snippets. */
@Controller
class SearchPage {

    static final int RESULTS = 20;

    private final SearchQueries search;
    private final ResponseCache cache;
    private final Responses responses;
    private final Pages pages;

    SearchPage(SearchQueries search, ResponseCache cache, Responses responses, Pages pages) {
        this.search = search;
        this.cache = cache;
        this.responses = responses;
        this.pages = pages;
    }

    @GetMapping("/insights/search")
    Mono<ResponseEntity<byte[]>> search(@RequestParam(required = false) String q,
            @RequestParam(required = false) String category, ServerHttpRequest request) {
        String query = q == null ? null : q.strip();
        if (query == null || query.isEmpty()) {
            return Mono.just(responses.send(request, pages.search(new SearchView(null, false, List.of(), List.of()))));
        }
        if (query.length() > SearchQueries.MAX_QUERY_LENGTH
                || (category != null && category.length() > SearchQueries.MAX_CATEGORY_LENGTH)
                || query.chars().anyMatch(Character::isISOControl)) {
            return Mono.just(pages.errorResponse(HttpStatus.BAD_REQUEST,
                    "Search for at most " + SearchQueries.MAX_QUERY_LENGTH + " characters."));
        }
        return cache.get(CacheKey.manyInsights("site:search:" + category + "|" + query),
                        () -> search.search(query, category, RESULTS).map(results -> pages.search(view(results, category))))
                .map(body -> responses.send(request, body));
    }

    private static SearchView view(SearchResults results, String category) {
        var hits = results.hits().stream().map(hit -> new SearchView.Result("/insights/" + hit.slug(), hit.title(),
                hit.category(), hit.publishedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString(),
                hit.readingMinutes(), hit.snippetHtml())).toList();
        var facets = results.facets().stream().map(facet -> new SearchView.Facet(facet.category(), facet.count(),
                facet.category().equals(category), UriComponentsBuilder.fromPath("/insights/search")
                        .queryParam("q", results.query()).queryParam("category", facet.category())
                        .encode().build().toUriString())).toList();
        return new SearchView(results.query(), results.fuzzy(), hits, facets);
    }
}
