package io.zerone.insights.query.site;

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
import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.insight.Cursor;
import io.zerone.insights.query.insight.InsightQueries;
import io.zerone.insights.query.insight.InsightSummary;
import io.zerone.insights.query.insight.ListingFilter;
import io.zerone.insights.query.web.CachedBody;
import io.zerone.insights.query.web.Responses;
import reactor.core.publisher.Mono;

/** {@code /insights}: the listing as on the seed page, with a category filter and older insights by cursor. */
@Controller
class ListingPage {

    static final int PAGE_SIZE = 20;

    private final InsightQueries insights;
    private final ResponseCache cache;
    private final Responses responses;
    private final Pages pages;

    ListingPage(InsightQueries insights, ResponseCache cache, Responses responses, Pages pages) {
        this.insights = insights;
        this.cache = cache;
        this.responses = responses;
        this.pages = pages;
    }

    @GetMapping("/")
    ResponseEntity<Void> home() {
        return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY).location(URI.create("/insights")).build();
    }

    @GetMapping("/insights")
    Mono<ResponseEntity<byte[]>> listing(@RequestParam(required = false) String category,
            @RequestParam(required = false) String cursor, ServerHttpRequest request) {
        if (category != null && (category.isBlank() || category.length() > 100)) {
            return Mono.just(pages.errorResponse(HttpStatus.BAD_REQUEST, "There is no such category."));
        }
        Cursor after;
        try {
            after = cursor == null ? null : Cursor.decode(cursor);
        } catch (Cursor.InvalidCursorException e) {
            return Mono.just(pages.errorResponse(HttpStatus.BAD_REQUEST,
                    "This link to older insights is damaged. Start again from the newest."));
        }
        CacheKey key = CacheKey.manyInsights("site:listing:" + category + "|" + cursor);
        return cache.get(key, () -> render(category, after))
                .map(body -> responses.send(request, body));
    }

    private Mono<CachedBody> render(String category, Cursor after) {
        ListingFilter filter = new ListingFilter(category, null, null, null, null);
        return Mono.zip(insights.list(filter, after, PAGE_SIZE), insights.stats(), insights.categories())
                .map(loaded -> {
                    var page = loaded.getT1();
                    var stats = loaded.getT2();
                    var categories = loaded.getT3().stream()
                            .map(c -> new ListingView.Category(c.category(), c.insights(),
                                    c.category().equals(category), href(c.category(), null)))
                            .toList();
                    String older = page.next() == null ? null : href(category, page.next().encode());
                    var view = new ListingView(stats.cases(), stats.insights(), stats.since(), category, categories,
                            page.items().stream().map(ListingPage::card).toList(), older);
                    return pages.listing(view, href(category, null));
                });
    }

    static Card card(InsightSummary insight) {
        return new Card("/insights/" + insight.slug(), insight.title(), insight.summary(),
                new InsightMeta(insight.category(), insight.publishedAt().atOffset(ZoneOffset.UTC).toLocalDate(),
                        insight.readingMinutes(), insight.caseRef()));
    }

    private static String href(String category, String cursor) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/insights");
        if (category != null) {
            uri.queryParam("category", category);
        }
        if (cursor != null) {
            uri.queryParam("cursor", cursor);
        }
        return uri.encode().build().toUriString();
    }
}
