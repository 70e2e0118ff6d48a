package io.zerone.insights.query.listing;

import java.net.URI;
import java.time.ZoneOffset;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import io.zerone.insights.layout.Card;
import io.zerone.insights.layout.InsightMeta;
import io.zerone.insights.query.article.InsightSummary;
import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.cases.PublishedCases;
import io.zerone.insights.layout.PageHead;
import io.zerone.insights.query.web.CachedBody;
import io.zerone.insights.query.web.Params.InvalidParameter;
import io.zerone.insights.query.web.SiteSettings;
import io.zerone.insights.query.web.Pages;
import io.zerone.insights.query.web.ReadTimeout;
import io.zerone.insights.query.web.Responses;
import reactor.core.publisher.Mono;

/**
 * {@code /insights}: the listing as on the seed page, with a category or tag filter and older insights by cursor. The
 * counter and the category counts are kept by the projection ({@link InsightCounts}): no request counts rows.
 */
@Controller
class ListingPage {

    static final int PAGE_SIZE = 20;
    private static final String DESCRIPTION = "Lessons from production: field notes from real systems.";

    private final ListingQueries insights;
    private final InsightCounts counts;
    private final ResponseCache cache;
    private final Responses responses;
    private final Pages pages;
    private final SiteSettings site;
    private final PublishedCases cases;

    ListingPage(ListingQueries insights, InsightCounts counts, ResponseCache cache, Responses responses, Pages pages,
            SiteSettings site, PublishedCases cases) {
        this.insights = insights;
        this.counts = counts;
        this.cache = cache;
        this.responses = responses;
        this.pages = pages;
        this.site = site;
        this.cases = cases;
    }

    @GetMapping("/")
    ResponseEntity<Void> home() {
        return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY).location(URI.create("/insights")).build();
    }

    @GetMapping("/insights")
    Mono<ResponseEntity<byte[]>> listing(@RequestParam(required = false) String category,
            @RequestParam(required = false) String tag, @RequestParam(required = false) String cursor,
            ServerHttpRequest request) {
        String inCategory;
        String withTag;
        Cursor after;
        try {
            inCategory = ListingParams.category(category);
            withTag = ListingParams.tag(tag);
            after = ListingParams.cursor(cursor);
        } catch (InvalidParameter e) {
            return Mono.just(pages.errorResponse(HttpStatus.BAD_REQUEST, switch (e.parameter()) {
                case "category" -> "There is no such category.";
                case "tag" -> "There is no such tag.";
                default -> "This link to older insights is damaged. Start again from the newest.";
            }));
        }
        CacheKey key = CacheKey.manyInsights("site:listing:" + inCategory + "|" + withTag + "|"
                + (after == null ? null : cursor));
        return cache.get(key, () -> render(inCategory, withTag, after))
                .map(body -> responses.send(request, body))
                .onErrorResume(ReadTimeout::is, e -> Mono.just(pages.errorResponse(HttpStatus.SERVICE_UNAVAILABLE,
                        "The insights took too long to load. Please try again in a moment.")));
    }

    private Mono<CachedBody> render(String category, String tag, Cursor after) {
        ListingFilter filter = new ListingFilter(category, null, tag, null, null);
        return Mono.zip(insights.list(filter, after, PAGE_SIZE), counts.stats(), counts.categories(),
                        tag == null ? Mono.just(0L) : counts.tag(tag), cases.titles())
                .map(loaded -> {
                    var page = loaded.getT1();
                    var stats = loaded.getT2();
                    var categories = loaded.getT3().stream()
                            .map(c -> new ListingView.Category(c.name(), c.insights(),
                                    c.name().equals(category), href(c.name(), tag, null)))
                            .toList();
                    String older = page.next() == null ? null : href(category, tag, page.next().encode());
                    var view = new ListingView(stats.cases(), stats.insights(), stats.since(), category,
                            tag == null ? null : new ListingView.Tag(tag, loaded.getT4(), href(category, null, null)),
                            categories, page.items().stream().map(ListingPage::card).toList(), older,
                            href(null, tag, null));
                    return pages.page(new PageHead("Insights · ZERONE", DESCRIPTION,
                            site.baseUrl().resolve(href(category, tag, null)).toString(), "en"), "listing.jte", view,
                            loaded.getT5());
                });
    }

    static Card card(InsightSummary insight) {
        return new Card("/insights/" + insight.slug(), insight.title(), insight.summary(),
                new InsightMeta(insight.category(), insight.publishedAt().atOffset(ZoneOffset.UTC).toLocalDate(),
                        insight.readingMinutes(), insight.caseRef()));
    }

    private static String href(String category, String tag, String cursor) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/insights");
        if (category != null) {
            uri.queryParam("category", category);
        }
        if (tag != null) {
            uri.queryParam("tag", tag);
        }
        if (cursor != null) {
            uri.queryParam("cursor", cursor);
        }
        return uri.encode().build().toUriString();
    }
}
