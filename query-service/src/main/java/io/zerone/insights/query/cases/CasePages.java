package io.zerone.insights.query.cases;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.zerone.insights.events.cases.CaseEvent;
import io.zerone.insights.layout.CaseLinks;
import io.zerone.insights.layout.PageHead;
import io.zerone.insights.query.article.InsightSummary;
import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.web.CachedBody;
import io.zerone.insights.query.web.Pages;
import io.zerone.insights.query.web.Responses;
import io.zerone.insights.query.web.SiteSettings;
import reactor.core.publisher.Mono;

/**
 * {@code /cases} and {@code /cases/{number}}: the published cases, and one case with its insights newest first. The
 * case's article was rendered once by render-service, its insights' cards too; this only places them in the layout.
 * Both are cached as responses of many insights: any change of an insight or a case drops them.
 */
@Controller
class CasePages {

    private static final String DESCRIPTION =
            "The real systems behind the insights: what was built, what broke, what held.";

    private final StoredCases cases;
    private final ResponseCache cache;
    private final Responses responses;
    private final Pages pages;
    private final SiteSettings site;

    CasePages(StoredCases cases, ResponseCache cache, Responses responses, Pages pages, SiteSettings site) {
        this.cases = cases;
        this.cache = cache;
        this.responses = responses;
        this.pages = pages;
        this.site = site;
    }

    @GetMapping(CaseLinks.CASES_PATH)
    Mono<ResponseEntity<byte[]>> list(ServerHttpRequest request) {
        return cache.get(CacheKey.manyInsights("site:cases"), () -> Mono.zip(cases.published(), cases.insightCounts())
                        .map(loaded -> renderList(loaded.getT1(), loaded.getT2())))
                .map(body -> responses.send(request, body))
                .onErrorResume(Pages::isUnavailable, e -> Mono.just(unavailable(e)));
    }

    @GetMapping(CaseLinks.CASES_PATH + "/{number}")
    Mono<ResponseEntity<byte[]>> page(@PathVariable String number, ServerHttpRequest request) {
        if (!CaseEvent.isNumber(number)) {
            return Mono.just(notFound());
        }
        return cache.get(CacheKey.manyInsights("site:case:" + number), () -> cases.find(number)
                        .flatMap(found -> found.removed()
                                ? Mono.just(new Found(found, null))
                                : cases.insights(number).map(insights -> new Found(found, render(found, insights)))))
                .map(found -> found.page() == null
                        ? pages.errorResponse(HttpStatus.GONE, "This case was unpublished",
                                "This case was taken down by its editors. Its insights are still here.")
                        : responses.send(request, found.page()))
                .switchIfEmpty(Mono.fromSupplier(this::notFound))
                .onErrorResume(Pages::isUnavailable, e -> Mono.just(unavailable(e)));
    }

    private CachedBody renderList(List<StoredCase> published, Map<String, Long> insights) {
        var items = published.stream().map(c -> new CaseViews.Item(CaseLinks.path(c.number()), c.number(), c.title(),
                c.summary(), insights.getOrDefault(c.number(), 0L))).toList();
        return pages.page(new PageHead("Cases · ZERONE", DESCRIPTION,
                site.baseUrl().resolve(CaseLinks.CASES_PATH).toString(), "en"), "cases.jte",
                new CaseViews.CaseList(items));
    }

    private CachedBody render(StoredCase found, List<InsightSummary> insights) {
        return pages.page(new PageHead("Case " + found.number() + ": " + found.title() + " · ZERONE", found.summary(),
                site.baseUrl().resolve(CaseLinks.path(found.number())).toString(), "en"), "case.jte",
                new CaseViews.CasePage(found.number(), found.caseHtml(),
                        insights.stream().map(InsightSummary::cardHtml).toList()));
    }

    private ResponseEntity<byte[]> notFound() {
        return pages.errorResponse(HttpStatus.NOT_FOUND, "There is no case at this address.");
    }

    private ResponseEntity<byte[]> unavailable(Throwable failure) {
        return pages.unavailable(failure, "The cases took too long to load. Please try again in a moment.");
    }

    /** A case as cached: its page, or none for a removed case (a 410). */
    private record Found(StoredCase stored, CachedBody page) {
    }
}
