package io.zerone.insights.query.cases;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.zerone.insights.events.cases.CaseEvent;
import io.zerone.insights.layout.CaseLinks;
import io.zerone.insights.layout.PageHead;
import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.listing.CaseInsights;
import io.zerone.insights.query.web.CachedBody;
import io.zerone.insights.query.web.Pages;
import io.zerone.insights.query.web.Params.InvalidParameter;
import io.zerone.insights.query.web.Responses;
import io.zerone.insights.query.web.SiteSettings;
import reactor.core.publisher.Mono;

/**
 * {@code /cases} and {@code /cases/{number}}: the published cases, and one case with its insights newest first, a
 * listing page of them at a time (older ones by cursor, as the listing's). The case's article was rendered once by
 * render-service; this places it in the layout above its insights' cards. Both are cached as responses of many
 * insights: any change of an insight or a case drops them.
 */
@Controller
class CasePages {

    private static final String DESCRIPTION =
            "The real systems behind the insights: what was built, what broke, what held.";

    /** As many cards as a listing page shows. */
    static final int PAGE_SIZE = 20;

    private final StoredCases cases;
    private final CaseInsights insights;
    private final ResponseCache cache;
    private final Responses responses;
    private final Pages pages;
    private final SiteSettings site;

    CasePages(StoredCases cases, CaseInsights insights, ResponseCache cache, Responses responses, Pages pages,
            SiteSettings site) {
        this.cases = cases;
        this.insights = insights;
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
    Mono<ResponseEntity<byte[]>> page(@PathVariable String number,
            @RequestParam(name = "cursor", required = false) String older,
            ServerHttpRequest request) {
        String cursor = older == null || older.isEmpty() ? null : older;
        if (!CaseEvent.isNumber(number)) {
            return Mono.just(notFound());
        }
        try {
            CaseInsights.checkCursor(cursor);
        } catch (InvalidParameter e) {
            return Mono.just(pages.errorResponse(HttpStatus.BAD_REQUEST,
                    "This link to older insights is damaged. Start again from the newest."));
        }
        return cache.get(CacheKey.manyInsights("site:case", number, cursor), () -> cases.find(number)
                        .flatMap(found -> found.removed()
                                ? Mono.just(new Found(found, null))
                                : insights.page(number, cursor, PAGE_SIZE)
                                        .map(page -> new Found(found, render(found, cursor, page)))))
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

    /**
     * As the listing's: a page of older insights is its own canonical page, and its title says so; the cards are the
     * listing's, their titles one level below the section they are listed in, and "From Case NN" on them links here.
     */
    private CachedBody render(StoredCase found, String cursor, CaseInsights.Page insights) {
        String path = CaseLinks.path(found.number());
        String canonical = cursor == null ? path : path + "?cursor=" + cursor;
        return pages.page(new PageHead("Case " + found.number() + ": " + found.title() + " · ZERONE"
                        + (cursor == null ? "" : " · older insights"), found.summary(),
                site.baseUrl().resolve(canonical).toString(), "en"), "case.jte",
                new CaseViews.CasePage(found.number(), found.caseHtml(), insights.cards(),
                        insights.next() == null ? null : path + "?cursor=" + insights.next()),
                Map.of(found.number(), found.title()));
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
