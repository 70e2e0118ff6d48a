package io.zerone.insights.query.listing;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

import gg.jte.Content;
import io.zerone.insights.layout.Card;
import io.zerone.insights.layout.InsightMeta;
import io.zerone.insights.layout.PageHead;
import io.zerone.insights.query.article.InsightSummary;
import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.cache.ResponseCache;
import io.zerone.insights.query.cases.PublishedCases;
import io.zerone.insights.query.listing.InsightCounts.FacetCount;
import io.zerone.insights.query.web.CachedBody;
import io.zerone.insights.query.web.DatabaseUnavailable;
import io.zerone.insights.query.web.Pages;
import io.zerone.insights.query.web.Params.InvalidParameter;
import io.zerone.insights.query.web.Responses;
import io.zerone.insights.query.web.SiteSettings;
import reactor.core.publisher.Mono;

/**
 * {@code /insights}: the listing as on the seed page, older insights by cursor; one category
 * ({@code /insights/categories/{slug}}) or one tag ({@code /insights/tags/{tag}}) has a page of its own with the same
 * cards and cursors, and the old {@code ?category=} / {@code ?tag=} addresses of those redirect there. The counter and
 * the counts per category and tag are kept by the projection ({@link InsightCounts}): no request counts rows.
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
    private final DatabaseUnavailable databaseUnavailable;

    ListingPage(ListingQueries insights, InsightCounts counts, ResponseCache cache, Responses responses, Pages pages,
            SiteSettings site, PublishedCases cases, DatabaseUnavailable databaseUnavailable) {
        this.insights = insights;
        this.counts = counts;
        this.cache = cache;
        this.responses = responses;
        this.pages = pages;
        this.site = site;
        this.cases = cases;
        this.databaseUnavailable = databaseUnavailable;
    }

    @GetMapping("/")
    ResponseEntity<Void> home() {
        return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY).location(URI.create("/insights")).build();
    }

    @GetMapping("/insights")
    Mono<ResponseEntity<byte[]>> listing(@RequestParam(required = false) String category,
            @RequestParam(required = false) String tag, @RequestParam(required = false) String cursor,
            ServerHttpRequest request) {
        String named;
        String tagged;
        Cursor after;
        try {
            named = ListingParams.category(category);
            tagged = ListingParams.tag(tag);
            after = ListingParams.cursor(cursor);
        } catch (InvalidParameter e) {
            return Mono.just(badRequest(e));
        }
        // the addresses of one category or one tag before they had pages of their own
        if (named != null && tagged == null) {
            // a category without live insights has no page: its plain slug may be another category's page
            return counts.categories()
                    .filter(categories -> categories.stream().anyMatch(c -> c.name().equals(named)))
                    .map(categories -> redirect(ListingAddress.of(named, null, CategorySlugs.of(categories)), after,
                            cursor))
                    .switchIfEmpty(Mono.fromSupplier(() -> notFound("category")))
                    // read outside the cache, so its failure is mapped here as the cache maps every other read's
                    .onErrorMap(databaseUnavailable::translateRead)
                    .onErrorResume(Pages::isUnavailable, e -> Mono.just(pages.unavailable(e,
                            "The insights took too long to load. Please try again in a moment.")));
        }
        ListingAddress address = new ListingAddress(named, tagged, null);
        if (address.clean()) {
            return Mono.just(redirect(address, after, cursor));
        }
        // a category no live insight is in, a tag none carries, or a category none of whose insights carries the tag,
        // is no page (a 200 saying "no insights" invited search engines to index every misspelling)
        return serve("site:listing", address, cursor, after, request, () -> counts.categories()
                        .filter(categories -> named == null || categories.stream().anyMatch(c -> c.name().equals(named)))
                        .flatMap(categories -> tagged == null ? render(address, after, categories, null)
                                : counts.categoriesOf(tagged)
                                        .filter(withTag -> withTag.stream()
                                                .anyMatch(c -> named == null || c.name().equals(named)))
                                        .flatMap(withTag -> render(address, after, categories, withTag))))
                .switchIfEmpty(Mono.fromSupplier(() -> notFound(named != null && tagged != null
                        ? "category or tag" : named != null ? "category" : "tag")));
    }

    private static ResponseEntity<byte[]> redirect(ListingAddress address, Cursor after, String cursor) {
        return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY)
                .location(URI.create(address.href(after == null ? null : cursor))).build();
    }

    @GetMapping("/insights/tags/{tag}")
    Mono<ResponseEntity<byte[]>> tag(@PathVariable String tag, @RequestParam(required = false) String cursor,
            ServerHttpRequest request) {
        if (!ListingAddress.isTag(tag)) {
            return Mono.just(notFound("tag"));
        }
        Cursor after;
        try {
            after = ListingParams.cursor(cursor);
        } catch (InvalidParameter e) {
            return Mono.just(badRequest(e));
        }
        ListingAddress address = ListingAddress.tagged(tag);
        return serve("site:tag", tag, cursor, after, request, () -> counts.categoriesOf(tag)
                        .filter(withTag -> !withTag.isEmpty())
                        .flatMap(withTag -> counts.categories().flatMap(categories ->
                                render(address, after, categories, withTag))))
                .switchIfEmpty(Mono.fromSupplier(() -> notFound("tag")));
    }

    @GetMapping("/insights/categories/{slug}")
    Mono<ResponseEntity<byte[]>> category(@PathVariable String slug, @RequestParam(required = false) String cursor,
            ServerHttpRequest request) {
        Cursor after;
        try {
            after = ListingParams.cursor(cursor);
        } catch (InvalidParameter e) {
            return Mono.just(badRequest(e));
        }
        return serve("site:category", slug, cursor, after, request, () -> counts.categories()
                        .flatMap(categories -> Mono.justOrEmpty(CategorySlugs.of(categories).name(slug))
                                .flatMap(category -> render(new ListingAddress(category, null, slug), after,
                                        categories, null))))
                .switchIfEmpty(Mono.fromSupplier(() -> notFound("category")));
    }

    /** {@code address} is what the path or the parameters chose: a listing address, a tag, a category's slug. */
    private Mono<ResponseEntity<byte[]>> serve(String response, Object address, String cursor, Cursor after,
            ServerHttpRequest request, Supplier<Mono<CachedBody>> render) {
        return cache.get(CacheKey.manyInsights(response, address, after == null ? null : cursor), render)
                .map(body -> responses.send(request, body))
                .onErrorResume(Pages::isUnavailable, e -> Mono.just(pages.unavailable(e,
                        "The insights took too long to load. Please try again in a moment.")));
    }

    /**
     * {@code categories} are every live category, which name the categories' pages; {@code withTag}, when the address
     * has a tag, are the categories of the insights that carry it and how many each has: the page links those, with
     * those counts, since each link filters within the tag.
     */
    private Mono<CachedBody> render(ListingAddress address, Cursor after, List<FacetCount> categories,
            List<FacetCount> withTag) {
        String category = address.category();
        String tag = address.tag();
        return Mono.zip(insights.list(address.filter(), after, PAGE_SIZE), counts.stats(), cases.titles())
                .map(loaded -> {
                    var page = loaded.getT1();
                    var stats = loaded.getT2();
                    CategorySlugs slugs = CategorySlugs.of(categories);
                    var links = (withTag == null ? categories : withTag).stream()
                            .map(c -> new ListingView.Category(c.name(), c.insights(), c.name().equals(category),
                                    ListingAddress.of(c.name(), tag, slugs).path()))
                            .toList();
                    // the insights this address lists: those of the tag, within its category when it has one
                    long tagged = withTag == null ? 0 : withTag.stream()
                            .filter(c -> category == null || c.name().equals(category))
                            .mapToLong(FacetCount::insights).sum();
                    String older = page.next() == null ? null : address.href(page.next().encode());
                    var view = new ListingView(stats.cases(), stats.insights(), stats.since(), category,
                            tag == null ? null : new ListingView.Tag(tag, tagged,
                                    ListingAddress.of(category, null, slugs).path()),
                            links, page.items().stream().map(ListingPage::card).toList(), older,
                            after == null ? null : address.path(), ListingAddress.of(null, tag, slugs).path(), address.title(), address.feed(),
                            address.feedTitle());
                    String title = (address.equals(ListingAddress.ALL) ? "Insights · ZERONE"
                            : address.title() + " · Insights · ZERONE") + (after == null ? "" : " · older insights");
                    // each page of older insights is its own canonical page: naming the first would tell search
                    // engines that the insights listed only further on are not worth indexing from here
                    String canonical = after == null ? address.path() : address.href(after.encode());
                    return pages.page(new PageHead(title, DESCRIPTION, site.baseUrl().resolve(canonical).toString(),
                            "en", feedLink(address)), "listing.jte", view, loaded.getT3());
                });
    }

    private static Content feedLink(ListingAddress address) {
        String name = address.feedTitle();
        String title = HtmlUtils.htmlEscape(name.equals(ListingAddress.ALL.title()) ? "ZERONE Insights"
                : name + " · ZERONE Insights");
        String href = HtmlUtils.htmlEscape(address.feed());
        return output -> output.writeContent(
                "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"" + title + "\" href=\"" + href + "\">");
    }

    static Card card(InsightSummary insight) {
        return new Card("/insights/" + insight.slug(), insight.title(), insight.summary(),
                new InsightMeta(insight.category(), insight.publishedAt().atOffset(ZoneOffset.UTC).toLocalDate(),
                        insight.readingMinutes(), insight.caseRef()), insight.language());
    }

    private ResponseEntity<byte[]> badRequest(InvalidParameter e) {
        return pages.errorResponse(HttpStatus.BAD_REQUEST, switch (e.parameter()) {
            case "category" -> "There is no such category.";
            case "tag" -> "There is no such tag.";
            default -> "This link to older insights is damaged. Start again from the newest.";
        });
    }

    private ResponseEntity<byte[]> notFound(String what) {
        return pages.errorResponse(HttpStatus.NOT_FOUND, "There is no such " + what + ". Every insight is listed at /insights.");
    }
}
