package io.zerone.insights.query.listing;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.article.InsightSummary;
import io.zerone.insights.query.web.ReadTimeout;
import io.zerone.insights.query.web.SiteSettings;
import io.zerone.insights.query.article.StoredInsight;
import io.zerone.insights.query.web.Responses;
import io.zerone.insights.query.web.Params;
import io.zerone.insights.query.web.TimedOut;
import reactor.core.publisher.Mono;

/**
 * The JSON API of the insights: listing with keyset pagination, one insight, the counters kept by the projection
 * (the counter, insights per category and per tag). A read that outlasts the statement timeout is a 503 problem.
 */
@RestController
@RequestMapping("/api")
class InsightApi {

    private final InsightQueries insights;
    private final InsightCounts counts;
    private final ResponseCache cache;
    private final Responses responses;
    private final SiteSettings site;

    InsightApi(InsightQueries insights, InsightCounts counts, ResponseCache cache, Responses responses,
            SiteSettings site) {
        this.insights = insights;
        this.counts = counts;
        this.cache = cache;
        this.responses = responses;
        this.site = site;
    }

    @GetMapping("/insights")
    Mono<ResponseEntity<byte[]>> list(@RequestParam Map<String, String> params, ServerHttpRequest request) {
        ListingFilter filter = new ListingFilter(Params.text("category", params.get("category"), 100),
                Params.caseRef(params.get("caseRef")), Params.text("tag", params.get("tag"), 60),
                Params.instant("from", params.get("from")), Params.instant("to", params.get("to")));
        int limit = Params.limit(params.get("limit"), 20, 100);
        String cursorParam = Params.text("cursor", params.get("cursor"), 400);
        Cursor after;
        try {
            after = cursorParam == null ? null : Cursor.decode(cursorParam);
        } catch (Cursor.InvalidCursorException e) {
            throw Params.badRequest("cursor is not one this API gave out");
        }
        CacheKey key = CacheKey.manyInsights("api:list:" + filter.key() + "|" + cursorParam + "|" + limit);
        return cache.get(key, () -> insights.list(filter, after, limit)
                        .map(page -> responses.json(new InsightItem.Page(
                                page.items().stream().map(this::item).toList(),
                                page.next() == null ? null : page.next().encode()))))
                .map(body -> responses.send(request, body))
                .onErrorMap(ReadTimeout::is, TimedOut::problem);
    }

    @GetMapping("/insights/{slug}")
    Mono<ResponseEntity<byte[]>> one(@PathVariable String slug, ServerHttpRequest request) {
        if (!Params.isSlug(slug)) {
            return Mono.error(notFound(slug));
        }
        return cache.get(InsightQueries.cacheKey(slug), () -> insights.find(slug))
                .switchIfEmpty(Mono.error(() -> notFound(slug)))
                .map(stored -> {
                    if (stored.removed()) {
                        throw gone(slug);
                    }
                    return responses.send(request, responses.json(detail(stored)));
                })
                .onErrorMap(ReadTimeout::is, TimedOut::problem);
    }

    @GetMapping("/stats")
    Mono<ResponseEntity<byte[]>> stats(ServerHttpRequest request) {
        return cache.get(CacheKey.manyInsights("api:stats"), () -> counts.stats().map(responses::json))
                .map(body -> responses.send(request, body))
                .onErrorMap(ReadTimeout::is, TimedOut::problem);
    }

    /** Every category with live insights: {@code [{"name": "Debugging", "insights": 3}]}, by name. */
    @GetMapping("/categories")
    Mono<ResponseEntity<byte[]>> categories(ServerHttpRequest request) {
        return cache.get(CacheKey.manyInsights("api:categories"), () -> counts.categories().map(responses::json))
                .map(body -> responses.send(request, body))
                .onErrorMap(ReadTimeout::is, TimedOut::problem);
    }

    /** Every tag with live insights and how many, by name. */
    @GetMapping("/tags")
    Mono<ResponseEntity<byte[]>> tags(ServerHttpRequest request) {
        return cache.get(CacheKey.manyInsights("api:tags"), () -> counts.tags().map(responses::json))
                .map(body -> responses.send(request, body))
                .onErrorMap(ReadTimeout::is, TimedOut::problem);
    }

    private InsightItem.Detail detail(StoredInsight stored) {
        InsightSummary insight = stored.insight();
        return new InsightItem.Detail(insight.slug(), insight.title(), insight.summary(), insight.category(),
                insight.publishedAt(), insight.readingMinutes(), insight.caseRef(), insight.tags(),
                site.insightUrl(insight.slug()), insight.revisedAt(), stored.bodyHtml());
    }

    private InsightItem item(InsightSummary insight) {
        return InsightItem.of(insight, site.insightUrl(insight.slug()));
    }

    static ErrorResponseException notFound(String slug) {
        return problem(HttpStatus.NOT_FOUND, "No insight is published under this slug.", slug);
    }

    static ErrorResponseException gone(String slug) {
        return problem(HttpStatus.GONE, "This insight was unpublished.", slug);
    }

    private static ErrorResponseException problem(HttpStatus status, String detail, String slug) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("slug", slug);
        return new ErrorResponseException(status, problem, null);
    }
}
