package io.zerone.insights.query.search;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import io.zerone.insights.layout.PageHead;
import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.web.CachedBody;
import io.zerone.insights.query.web.Pages;
import io.zerone.insights.query.web.Params.InvalidParameter;
import io.zerone.insights.query.web.Responses;
import reactor.core.publisher.Mono;

/**
 * {@code /insights/search?q=}: the search form, and below it the ranked results with the matches highlighted in title,
 * summary and snippet, or a "did you mean" link and the results of the corrected query. With {@code &category=}, the
 * page names the category, the form keeps it, and a link searches all categories instead.
 */
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
        String query;
        String inCategory;
        try {
            inCategory = SearchParams.category(category);
            query = SearchParams.query(q);
            if (query == null) {
                // the form alone, still within the category a link or an earlier search gave
                return Mono.just(responses.send(request, page(SearchView.empty(inCategory))));
            }
        } catch (InvalidParameter e) {
            return Mono.just(pages.errorResponse(HttpStatus.BAD_REQUEST, e.parameter().equals("category")
                    ? "There is no such category."
                    : "Search for at most " + SearchParams.MAX_QUERY_LENGTH + " printable characters and "
                            + SearchParams.MAX_WORDS + " words."));
        }
        return cache.get(CacheKey.manyInsights("site:search", inCategory, query),
                        () -> search.search(query, inCategory, RESULTS).map(results -> page(view(results, inCategory))))
                .map(body -> responses.send(request, body))
                .onErrorResume(Pages::isUnavailable, e -> Mono.just(pages.unavailable(e,
                        "This search took too long. Please try again in a moment, or with fewer words.")));
    }

    private CachedBody page(SearchView view) {
        String searched = view.filter() == null ? view.query() : view.query() + " in " + view.filter().category();
        String title = view.query() == null ? "Search insights · ZERONE" : searched + " · Search · ZERONE";
        return pages.page(new PageHead(title, "Search the insights.", null, "en"), "search.jte", view);
    }

    private static SearchView view(SearchResults results, String category) {
        String searched = results.suggestion() != null ? results.suggestion() : results.query();
        var hits = results.hits().stream().map(hit -> new SearchView.Result("/insights/" + hit.slug(), hit.titleHtml(),
                hit.category(), hit.publishedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString(),
                hit.readingMinutes(), hit.summaryHtml(), hit.snippetHtml(), hit.language())).toList();
        var facets = results.facets().stream().map(facet -> new SearchView.Facet(facet.category(),
                SearchView.count(facet.count(), facet.capped()), facet.category().equals(category),
                href(searched, facet.category()))).toList();
        String matches = SearchView.count(results.total().count(), results.total().capped());
        boolean more = results.total().capped() || results.total().count() > hits.size();
        var suggestion = results.suggestion() == null ? null
                : new SearchView.Suggestion(results.suggestion(), href(results.suggestion(), category));
        var filter = category == null ? null : new SearchView.Filter(category,
                SearchView.count(results.all().count(), results.all().capped()), href(searched, null));
        return new SearchView(results.query(), suggestion, filter, matches, more, hits, facets);
    }

    /** Each value encoded whole, '+' included (the builder's own encoding would leave it, read back as a space). */
    static String href(String query, String category) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/insights/search")
                .queryParam("q", UriUtils.encode(query, StandardCharsets.UTF_8));
        if (category != null) {
            uri.queryParam("category", UriUtils.encode(category, StandardCharsets.UTF_8));
        }
        return uri.build(true).toUriString();
    }
}
