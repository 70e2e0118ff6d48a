package io.zerone.insights.query.cases;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.zerone.insights.events.cases.CaseEvent;
import io.zerone.insights.layout.CaseLinks;
import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.listing.CaseInsights;
import io.zerone.insights.query.web.CachedBody;
import io.zerone.insights.query.web.Problems;
import io.zerone.insights.query.web.Responses;
import io.zerone.insights.query.web.SiteSettings;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/cases} (every published case) and {@code GET /api/cases/{number}} (one case with its article and
 * its insights newest first, at most {@value #PAGE_SIZE} of them, the older ones by the cursor in {@code nextCursor}); 404 for
 * a number nothing was published under, 410 for an unpublished case, both problems naming the number.
 */
@RestController
class CaseApi {

    /** The JSON listing's largest page. */
    static final int PAGE_SIZE = 100;

    private final StoredCases cases;
    private final CaseInsights insights;
    private final ResponseCache cache;
    private final Responses responses;
    private final SiteSettings site;

    CaseApi(StoredCases cases, CaseInsights insights, ResponseCache cache, Responses responses, SiteSettings site) {
        this.cases = cases;
        this.insights = insights;
        this.cache = cache;
        this.responses = responses;
        this.site = site;
    }

    @GetMapping("/api/cases")
    Mono<ResponseEntity<byte[]>> all(ServerHttpRequest request) {
        return cache.get(CacheKey.manyInsights("api:cases"), () -> Mono.zip(cases.published(), cases.insightCounts())
                        .map(loaded -> responses.json(new CaseList(loaded.getT1().stream()
                                .map(c -> summary(c, loaded.getT2())).toList()))))
                .map(body -> responses.send(request, body));
    }

    @GetMapping("/api/cases/{number}")
    Mono<ResponseEntity<byte[]>> one(@PathVariable String number, @RequestParam(required = false) String cursor,
            ServerHttpRequest request) {
        if (!CaseEvent.isNumber(number)) {
            return Mono.error(problem(HttpStatus.NOT_FOUND, "No case is published under this number.", number));
        }
        CaseInsights.checkCursor(cursor);
        return cache.get(CacheKey.manyInsights("api:case", number, cursor), () -> cases.find(number)
                        .flatMap(found -> found.removed()
                                ? Mono.just(new Found(true, null))
                                : insights.page(number, cursor, PAGE_SIZE).map(page -> new Found(false,
                                        responses.json(detail(found, page))))))
                .switchIfEmpty(Mono.error(() -> problem(HttpStatus.NOT_FOUND,
                        "No case is published under this number.", number)))
                .map(found -> {
                    if (found.removed()) {
                        throw problem(HttpStatus.GONE, "This case was unpublished.", number);
                    }
                    return responses.send(request, found.body());
                });
    }

    private CaseSummary summary(StoredCase stored, Map<String, Long> insights) {
        return new CaseSummary(stored.number(), stored.slug(), stored.title(), stored.summary(), stored.publishedAt(),
                url(stored.number()), insights.getOrDefault(stored.number(), 0L));
    }

    private CaseDetail detail(StoredCase stored, CaseInsights.Page page) {
        return new CaseDetail(stored.number(), stored.slug(), stored.title(), stored.summary(), stored.publishedAt(),
                stored.revisedAt(), url(stored.number()), stored.caseHtml(), page.items().stream()
                        .map(i -> new CaseInsight(i.slug(), i.title(), i.summary(), i.category(), i.publishedAt(),
                                i.language(), site.insightUrl(i.slug())))
                        .toList(), page.next());
    }

    private String url(String number) {
        return site.baseUrl().resolve(CaseLinks.path(number)).toString();
    }

    private static ErrorResponseException problem(HttpStatus status, String detail, String number) {
        ErrorResponseException problem = Problems.problem(status, detail);
        problem.getBody().setProperty("number", number);
        return problem;
    }

    private record Found(boolean removed, CachedBody body) {
    }

    record CaseList(List<CaseSummary> items) {
    }

    record CaseSummary(String number, String slug, String title, String summary, Instant publishedAt, String url,
            long insights) {
    }

    record CaseDetail(String number, String slug, String title, String summary, Instant publishedAt,
            Instant revisedAt, String url, String caseHtml, List<CaseInsight> insights, String nextCursor) {
    }

    record CaseInsight(String slug, String title, String summary, String category, Instant publishedAt,
            String language, String url) {
    }
}
