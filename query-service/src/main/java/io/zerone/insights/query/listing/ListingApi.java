package io.zerone.insights.query.listing;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.zerone.insights.query.article.InsightSummary;
import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.web.Responses;
import io.zerone.insights.query.web.SiteSettings;
import reactor.core.publisher.Mono;

/**
 * The JSON listing: insights with keyset pagination, and the counters kept by the projection (the counter, insights
 * per category and per tag); one insight is {@code article.ArticleApi}. A read that outlasts the statement timeout is
 * a 503 problem.
 */
@RestController
@RequestMapping("/api")
class ListingApi {

    private final ListingQueries insights;
    private final InsightCounts counts;
    private final ResponseCache cache;
    private final Responses responses;
    private final SiteSettings site;

    ListingApi(ListingQueries insights, InsightCounts counts, ResponseCache cache, Responses responses,
            SiteSettings site) {
        this.insights = insights;
        this.counts = counts;
        this.cache = cache;
        this.responses = responses;
        this.site = site;
    }

    @GetMapping("/insights")
    Mono<ResponseEntity<byte[]>> list(@RequestParam Map<String, String> params, ServerHttpRequest request) {
        ListingFilter filter = new ListingFilter(ListingParams.category(params.get("category")),
                ListingParams.caseRef(params.get("caseRef")), ListingParams.tag(params.get("tag")),
                ListingParams.instant("from", params.get("from")), ListingParams.instant("to", params.get("to")));
        int limit = ListingParams.limit(params.get("limit"));
        Cursor after = ListingParams.cursor(params.get("cursor"));
        String cursorKey = after == null ? null : params.get("cursor");
        CacheKey key = CacheKey.manyInsights("api:list", filter, cursorKey, limit);
        return cache.get(key, () -> insights.list(filter, after, limit)
                        .map(page -> responses.json(new InsightItem.Page(
                                page.items().stream().map(this::item).toList(),
                                page.next() == null ? null : page.next().encode()))))
                .map(body -> responses.send(request, body));
    }

    @GetMapping("/stats")
    Mono<ResponseEntity<byte[]>> stats(ServerHttpRequest request) {
        return cache.get(CacheKey.manyInsights("api:stats"), () -> counts.stats().map(responses::json))
                .map(body -> responses.send(request, body));
    }

    /** Every category with live insights: {@code [{"name": "Debugging", "insights": 3}]}, by name. */
    @GetMapping("/categories")
    Mono<ResponseEntity<byte[]>> categories(ServerHttpRequest request) {
        return cache.get(CacheKey.manyInsights("api:categories"), () -> counts.categories().map(responses::json))
                .map(body -> responses.send(request, body));
    }

    /** Every tag with live insights and how many, by name. */
    @GetMapping("/tags")
    Mono<ResponseEntity<byte[]>> tags(ServerHttpRequest request) {
        return cache.get(CacheKey.manyInsights("api:tags"), () -> counts.tags().map(responses::json))
                .map(body -> responses.send(request, body));
    }

    private InsightItem item(InsightSummary insight) {
        return InsightItem.of(insight, site.insightUrl(insight.slug()));
    }

}
