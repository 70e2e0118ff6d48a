package io.zerone.insights.query.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriUtils;

import io.zerone.insights.events.InsightRemoved;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.TestPipeline;
import io.zerone.insights.query.web.SitePaths;
import io.zerone.insights.testsupport.NuHtmlChecker;

/** The pages of one tag and of one category, their feeds, cursors and canonical URLs, and the sitemap's entries. */
@QueryServiceIntegrationTest
class TaxonomyPagesIntegrationTests {

    private static final String BASE = "http://localhost:8080";

    @Autowired
    TestPipeline pipeline;

    @Autowired
    WebTestClient http;

    private final List<String> madeHere = new ArrayList<>();

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
    }

    @AfterEach
    void unpublishWhatWasMadeHere() {
        pipeline.publishAndAwait(madeHere.stream().map(RenderedEvents::removed).toList());
    }

    @Test
    void tagPageListsItsInsightsNewestFirstWithItsOwnCanonicalUrlAndFeed() {
        Document page = page("/insights/tags/postgresql");

        assertThat(page.selectFirst("main h1").text()).isEqualTo("Tagged postgresql");
        assertThat(page.select(".card .card-title").eachText()).containsExactlyElementsOf(titles("postgresql"));
        assertThat(page.selectFirst("link[rel=canonical]").attr("href")).isEqualTo(BASE + "/insights/tags/postgresql");
        assertThat(page.selectFirst("link[rel=alternate][type=application/atom+xml]").attr("href"))
                .isEqualTo("/insights/tags/postgresql/feed.xml");
        assertThat(page.selectFirst(".tag-filter").text()).isEqualTo("Tagged postgresql: 4 insights · every tag");
    }

    @Test
    void aTagsPageLinksOnlyTheCategoriesOfItsInsightsEachWithHowManyOfThemItHas() {
        // each link filters within the tag: it counted every insight of its category, and led to empty pages
        Document page = page("/insights/tags/postgresql");

        assertThat(page.select(".categories a").eachText()).containsExactly("Data Engineering 3", "Debugging 1");
        for (var link : page.select(".categories a")) {
            // the href is encoded; the client encodes what it is given
            Document within = page(UriUtils.decode(link.attr("href"), StandardCharsets.UTF_8));
            long count = Long.parseLong(link.text().replaceAll(".* ", ""));
            assertThat(within.select(".card")).as(link.attr("href")).hasSize((int) count);
            assertThat(within.selectFirst(".tag-filter").text()).startsWith("Tagged postgresql: " + count + " insight");
            assertThat(within.select(".categories [aria-current]").text()).isEqualTo(link.text());
        }
        // a category none of whose insights carries the tag has no page within it
        http.get().uri("/insights?category=Architecture Patterns&tag=postgresql").exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void categoryPageListsOnlyItsCategoryWithItsOwnCanonicalUrlAndFeed() {
        Document page = page("/insights/categories/data-engineering");

        assertThat(page.selectFirst("main h1").text()).isEqualTo("Data Engineering");
        assertThat(page.select(".card .category").eachText()).hasSize(3).containsOnly("Data Engineering");
        assertThat(page.select(".categories [aria-current]").text()).isEqualTo("Data Engineering 3");
        assertThat(page.selectFirst("link[rel=canonical]").attr("href"))
                .isEqualTo(BASE + "/insights/categories/data-engineering");
        assertThat(page.selectFirst("link[rel=alternate][type=application/atom+xml]").attr("href"))
                .isEqualTo("/insights/categories/data-engineering/feed.xml");
    }

    @Test
    void listingShowsTheCategoriesAsOneRowOfLinksToTheirPagesWithCounts() {
        Document listing = page("/insights");

        assertThat(listing.select(".categories [aria-current]").text()).isEqualTo("All");
        assertThat(listing.select(".categories a").eachAttr("href")).contains("/insights/categories/data-engineering", "/insights/categories/smb-delivery");
        assertThat(listing.select(".categories a[href=/insights/categories/data-engineering]").text())
                .isEqualTo("Data Engineering 3");
        assertThat(listing.selectFirst("link[rel=alternate][type=application/atom+xml]").attr("href"))
                .isEqualTo("/insights/feed.xml");
    }

    @Test
    void feedsOfATagAndOfACategoryHoldOnlyTheirInsights() {
        Document tagFeed = feed("/insights/tags/postgresql/feed.xml");
        Document categoryFeed = feed("/insights/categories/data-engineering/feed.xml");

        assertThat(tagFeed.select("feed > entry > title").eachText()).containsExactlyElementsOf(titles("postgresql"));
        assertThat(tagFeed.selectFirst("feed > link[rel=self]").attr("href"))
                .isEqualTo(BASE + "/insights/tags/postgresql/feed.xml");
        assertThat(tagFeed.selectFirst("feed > link[rel=alternate]").attr("href"))
                .isEqualTo(BASE + "/insights/tags/postgresql");
        assertThat(categoryFeed.select("feed > entry > category").eachAttr("term")).hasSize(3)
                .containsOnly("Data Engineering");
        http.get().uri("/insights/tags/postgresql/feed.xml").exchange()
                .expectHeader().contentType("application/atom+xml;charset=UTF-8");
    }

    @Test
    void feedsOfATagAndOfACategoryAreUpdatedWhenAnInsightLeavesThem() {
        Instant day = Instant.parse("2025-03-01T00:00:00Z");
        List<Seed> seeds = IntStream.range(0, 3).mapToObj(i -> new Seed("leaving-feeds-" + i, "Leaving feeds " + i,
                "A summary.", "Leaving Feeds", day.minus(i, ChronoUnit.DAYS), 3, null, List.of("leaving-tag"),
                "Body " + i, "en")).toList();
        seeds.forEach(seed -> madeHere.add(seed.slug()));
        pipeline.publishAndAwait(seeds.stream().map(RenderedEvents::rendered).toList());
        String tagFeed = "/insights/tags/leaving-tag/feed.xml";
        String categoryFeed = "/insights/categories/leaving-feeds/feed.xml";
        // cached now: the unpublish must drop them (every change drops the feeds, ADR 8)
        assertThat(feed(tagFeed).select("feed > entry").size()).isEqualTo(3);
        assertThat(feed(categoryFeed).select("feed > entry").size()).isEqualTo(3);

        // the newest is unpublished: it leaves both feeds
        InsightRemoved removal = RenderedEvents.removed(seeds.get(0).slug());
        pipeline.publishAndAwait(removal);

        assertThat(feed(tagFeed).select("feed > entry").size()).isEqualTo(2);
        assertThat(feed(categoryFeed).select("feed > entry").size()).isEqualTo(2);
        assertThat(updated(tagFeed)).isCloseTo(removal.occurredAt(), within(1, ChronoUnit.MICROS));
        assertThat(updated(categoryFeed)).isCloseTo(removal.occurredAt(), within(1, ChronoUnit.MICROS));

        // the next is revised without the tag and into another category: it leaves both feeds again
        InsightRendered retagged = RenderedEvents.rendered(new Seed(seeds.get(1).slug(), "Leaving feeds 1",
                "A summary.", "Left Feeds", seeds.get(1).publishedAt(), 3, null, List.of(), "Body 1", "en"));
        pipeline.publishAndAwait(retagged);

        assertThat(feed(tagFeed).select("feed > entry > title").eachText()).containsExactly("Leaving feeds 2");
        assertThat(updated(tagFeed)).isCloseTo(retagged.revisedAt(), within(1, ChronoUnit.MICROS));
        assertThat(updated(categoryFeed)).isCloseTo(retagged.revisedAt(), within(1, ChronoUnit.MICROS));
    }

    @Test
    void unknownTagOrCategoryIsTheNotFoundPage() {
        // a listing of a category or tag no insight has, too; a category alone redirected to its plain slug's
        // page, which may be another category's
        for (String path : List.of("/insights/tags/no-such-tag", "/insights/tags/Not_A_Tag",
                "/insights/categories/no-such-category", "/insights/tags/no-such-tag/feed.xml",
                "/insights/categories/no-such-category/feed.xml", "/insights?tag=Postgresql",
                "/insights?category=Nope&tag=postgresql", "/insights?category=Debugging!",
                "/insights?category=Debugging&tag=No Such Tag")) {
            String html = new String(http.get().uri(path).exchange().expectStatus().isNotFound()
                    .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
            assertThat(Jsoup.parse(html).selectFirst("main h1").text()).as(path).isEqualTo("Page not found");
        }
    }

    @Test
    void oldQueryParameterAddressesRedirectPermanentlyToTheCleanOnes() {
        http.get().uri("/insights?category=Data Engineering").exchange()
                .expectStatus().isEqualTo(301).expectHeader().location("/insights/categories/data-engineering");
        http.get().uri("/insights?tag=postgresql").exchange()
                .expectStatus().isEqualTo(301).expectHeader().location("/insights/tags/postgresql");
        String cursor = new Cursor(Instant.parse("2026-04-18T13:00:00Z"), "expression-index-ignored-coalesce").encode();
        http.get().uri("/insights?tag=postgresql&cursor=" + cursor).exchange()
                .expectStatus().isEqualTo(301).expectHeader().location("/insights/tags/postgresql?cursor=" + cursor);
        // a tag within a category has no page of its own and stays where it was
        http.get().uri("/insights?tag=postgresql&category=Debugging").exchange().expectStatus().isOk();
    }

    @Test
    void aTagWithinACategoryLinksTheWholeFeedUnderItsOwnName() {
        Document page = page("/insights?tag=postgresql&category=Debugging");

        var feed = page.selectFirst("link[rel=alternate][type=application/atom+xml]");
        assertThat(feed.attr("href")).isEqualTo("/insights/feed.xml");
        assertThat(feed.attr("title")).isEqualTo("ZERONE Insights");
        assertThat(page.selectFirst(".feed a").text()).isEqualTo("Atom feed of Insights");
    }

    @Test
    void categoriesWhoseNamesShareAPlainSlugEachHaveAPageFeedRedirectAndSitemapEntryOfTheirOwn() {
        Instant at = Instant.parse("2025-02-01T00:00:00Z");
        List<InsightRendered> both = List.of("C++", "C#").stream().map(category -> RenderedEvents.rendered(
                new Seed("in-category-" + (category.equals("C#") ? "sharp" : "plus"), "Written in " + category,
                        "A summary.", category, at, 3, null, List.of(), "Body", "en"))).toList();
        both.forEach(event -> madeHere.add(event.slug()));
        pipeline.publishAndAwait(both);

        Document listing = page("/insights");
        List<String> sitemap = feed("/sitemap.xml").select("url > loc").eachText();
        List<String> hrefs = new ArrayList<>();
        for (String category : List.of("C++", "C#")) {
            String href = listing.select(".categories a").stream().filter(a -> a.text().equals(category + " 1"))
                    .findFirst().orElseThrow().attr("href");
            hrefs.add(href);
            Document page = page(href);
            assertThat(page.selectFirst("main h1").text()).as(href).isEqualTo(category);
            assertThat(page.select(".card .card-title").eachText()).as(href).containsExactly("Written in " + category);
            assertThat(feed(href + "/feed.xml").select("feed > entry > title").eachText()).as(href)
                    .containsExactly("Written in " + category);
            assertThat(sitemap).contains(BASE + href);
            http.get().uri(uri -> uri.path("/insights").queryParam("category", "{name}").build(category)).exchange()
                    .expectStatus().isEqualTo(301).expectHeader().location(href);
        }
        assertThat(hrefs).doesNotHaveDuplicates();
    }

    @Test
    void tagPageGivesOlderInsightsByCursorWithoutSkippingOrRepeating() {
        Instant newest = Instant.parse("2025-01-01T00:00:00Z");
        List<InsightRendered> tagged = IntStream.range(0, 23).mapToObj(i -> RenderedEvents.rendered(
                new Seed("paged-by-tag-" + i, "Paged by tag " + i, "A summary.", "Paging", newest.minus(i,
                        ChronoUnit.HOURS), 3, null, List.of("paged-tag"), "Body " + i, "en"))).toList();
        tagged.forEach(event -> madeHere.add(event.slug()));
        pipeline.publishAndAwait(tagged);

        Document first = page("/insights/tags/paged-tag");
        String older = first.selectFirst("a[rel=next]").attr("href");
        Document second = page(older);

        assertThat(older).startsWith("/insights/tags/paged-tag?cursor=");
        List<String> shown = new ArrayList<>(first.select(".card-title a").eachAttr("href"));
        shown.addAll(second.select(".card-title a").eachAttr("href"));
        assertThat(shown).containsExactlyElementsOf(tagged.stream().map(e -> "/insights/" + e.slug()).toList());
        assertThat(second.selectFirst("a[rel=next]")).isNull();
        // an older page leads back to the listing's newest insights, whose own page has no such link
        assertThat(second.select(".pagination a").eachAttr("href")).containsExactly("/insights/tags/paged-tag");
        assertThat(first.select(".pagination a").eachAttr("href")).containsExactly(older);
        // a page of older insights is its own canonical page, and its title says what it is
        assertThat(second.selectFirst("link[rel=canonical]").attr("href")).isEqualTo(BASE + older);
        assertThat(second.title()).isEqualTo("Tagged paged-tag · Insights · ZERONE · older insights");
        assertThat(first.selectFirst("link[rel=canonical]").attr("href")).isEqualTo(BASE + "/insights/tags/paged-tag");
        assertThat(page("/insights/categories/paging").select(".card").size()).isEqualTo(ListingPage.PAGE_SIZE);
    }

    @Test
    void sitemapNamesEveryTagAndCategoryPage() {
        Document sitemap = feed("/sitemap.xml");

        List<String> locations = sitemap.select("url > loc").eachText();
        Seed.all().forEach(seed -> {
            assertThat(locations).contains(BASE + "/insights/categories/" + SitePaths.categorySlug(seed.category()));
            seed.tags().forEach(tag -> assertThat(locations).contains(BASE + "/insights/tags/" + tag));
        });
        assertThat(locations).doesNotHaveDuplicates();
    }

    @Test
    void nuHtmlCheckerFindsNoErrorsOnTagAndCategoryPages() throws Exception {
        for (String path : List.of("/insights/tags/postgresql", "/insights/categories/data-engineering",
                "/insights/categories/smb-delivery", "/insights/tags/no-such-tag")) {
            assertThat(NuHtmlChecker.errors(text(path))).as(path).isEmpty();
        }
    }

    private static List<String> titles(String tag) {
        return Seed.all().stream().filter(seed -> seed.tags().contains(tag)).map(Seed::title).toList();
    }

    private Instant updated(String feed) {
        return Instant.parse(feed(feed).selectFirst("feed > updated").text());
    }

    private Document page(String path) {
        return Jsoup.parse(text(path));
    }

    private Document feed(String path) {
        return Jsoup.parse(text(path), "", Parser.xmlParser());
    }

    private String text(String path) {
        return new String(http.get().uri(path).exchange().expectBody().returnResult().getResponseBody(),
                StandardCharsets.UTF_8);
    }
}
