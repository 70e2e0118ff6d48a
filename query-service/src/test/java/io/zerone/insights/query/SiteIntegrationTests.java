package io.zerone.insights.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.events.InsightRemoved;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.testsupport.NuHtmlChecker;

@QueryServiceIntegrationTest
class SiteIntegrationTests {

    private static final String SLUG = "expression-index-ignored-coalesce";

    @Autowired
    TestPipeline pipeline;

    @Autowired
    WebTestClient http;

    @LocalServerPort
    int port;

    List<InsightRendered> seeds;

    @BeforeEach
    void seedState() {
        seeds = pipeline.publishSeeds();
        pipeline.publishSeedCases();
    }

    @Test
    void listingShowsTheSeedPageNewestFirstWithTheCounter() {
        Document listing = page("/insights");

        assertThat(listing.selectFirst("main h1").text()).isEqualTo("Insights");
        assertThat(listing.select("main p").eachText()).contains("Lessons from production.",
                "8 Cases · 9 Insights · since 2026");
        assertThat(listing.select(".card .card-title").eachText())
                .containsExactlyElementsOf(Seed.all().stream().map(Seed::title).toList());
        Element first = listing.selectFirst(".card");
        assertThat(first.selectFirst(".meta").text()).isEqualTo("Architecture Patterns · 2026-06-05 · 4 min · From Case 06");
        assertThat(first.selectFirst(".card-link").text()).isEqualTo("Read insight");
        assertThat(first.selectFirst(".card-link").attr("href")).isEqualTo("/insights/anonymity-as-an-architectural-invariant");
    }

    @Test
    void categoryFilterShowsOnlyThatCategory() {
        Document listing = page("/insights/categories/data-engineering");

        assertThat(listing.select(".card .category").eachText()).hasSize(3).containsOnly("Data Engineering");
        assertThat(listing.select(".categories [aria-current]").text()).isEqualTo("Data Engineering 3");
    }

    @Test
    void articleIsTheStoredPageWithItsRelatedInsightsAndAStrongEtag() {
        InsightRendered event = seeds.stream().filter(e -> e.slug().equals(SLUG)).findFirst().orElseThrow();
        int end = event.pageHtml().indexOf("</main>");

        // identity: this client asks for gzip and brotli otherwise (ArticleEncodingIntegrationTests has the codings)
        var response = http.get().uri("/insights/" + SLUG).header(HttpHeaders.ACCEPT_ENCODING, "identity").exchange()
                .expectStatus().isOk()
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value)
                        .contains("max-age=60").contains("stale-while-revalidate=300"))
                .expectHeader().contentType("text/html;charset=UTF-8")
                .expectBody().returnResult();
        String etag = response.getResponseHeaders().getETag();

        assertThat(new String(response.getResponseBody(), StandardCharsets.UTF_8))
                .startsWith(event.pageHtml().substring(0, end)).endsWith(event.pageHtml().substring(end))
                .contains("<aside class=\"related\"");
        assertThat(etag).startsWith("\"").isNotEqualTo("\"" + event.contentHash() + "\"");
        http.get().uri("/insights/" + SLUG).header(HttpHeaders.ACCEPT_ENCODING, "identity")
                .header(HttpHeaders.IF_NONE_MATCH, etag)
                .exchange().expectStatus().isNotModified().expectBody().isEmpty();
    }

    @Test
    void anArticleAddressWithCapitalsIsMovedPermanentlyToItsLowercaseAddressWithItsQuery() {
        http.get().uri("/insights/Expression-Index-Ignored-COALESCE?utm_source=mail").exchange()
                .expectStatus().isEqualTo(301)
                .expectHeader().location("/insights/" + SLUG + "?utm_source=mail");
        http.get().uri("/insights/Connection-Pooling").exchange()
                .expectStatus().isEqualTo(301).expectHeader().location("/insights/connection-pooling");
        // no slug in lowercase either: the not-found page, as before
        for (String path : List.of("/insights/Not_A_Slug", "/insights/Two--Dashes", "/insights/-Leading")) {
            http.get().uri(path).exchange().expectStatus().isNotFound()
                    .expectHeader().contentType("text/html;charset=UTF-8");
        }
    }

    @Test
    void aPathEndingInASlashIsRedirectedToTheSamePathWithoutItOnThisSite() {
        http.get().uri("/insights/").exchange().expectStatus().isEqualTo(301)
                .expectHeader().location("/insights")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
        http.get().uri("/insights/tags/postgresql//?cursor=abc").exchange().expectStatus().isEqualTo(301)
                .expectHeader().location("/insights/tags/postgresql?cursor=abc");
        http.get().uri("/").exchange().expectStatus().isEqualTo(301).expectHeader().location("/insights");
    }

    @Test
    void aMethodAResourceDoesNotTakeIsA405ProblemWhoseAllowNamesEveryMethodItTakes() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String path : List.of("/insights", "/insights/" + SLUG, "/insights/search?q=cache", "/insights/feed.xml",
                "/cases", "/cases/06", "/sitemap.xml", "/robots.txt", "/api/insights", "/api/insights/" + SLUG,
                "/api/search?q=cache", "/api/cases/06", "/api/sync", "/openapi.yaml")) {
            for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
                HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + port + path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(refused.statusCode()).as(method + " " + path).isEqualTo(405);
                assertThat(refused.headers().firstValue(HttpHeaders.CONTENT_TYPE)).as(method + " " + path)
                        .hasValue("application/problem+json");
                assertThat(allowed(refused)).as("Allow of " + method + " " + path)
                        .containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS");
                assertThat(refused.body()).as(method + " " + path).contains("\"status\":405")
                        .contains("GET").contains("HEAD");
            }
            // what Allow names is taken
            assertThat(client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).as("HEAD " + path).isEqualTo(200);
            HttpResponse<Void> options = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(options.statusCode()).as("OPTIONS " + path).isEqualTo(200);
            assertThat(allowed(options)).as("Allow of OPTIONS " + path).containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS");
        }
    }

    @Test
    void robotsTxtNamesTheSitemapAndKeepsCrawlersOffTheApiAndThePreviews() {
        String robots = http.get().uri("/robots.txt").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/plain")
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(robots).contains("User-agent: *\n", "Disallow: /api/\n", "Disallow: /preview/\n")
                .containsPattern("Sitemap: https?://[^/]+/sitemap.xml\n");
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (String path : List.of("/insights", "/insights/" + SLUG, "/api/insights", "/no/such/page")) {
            http.get().uri(path).exchange()
                    .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp)
                            .contains("script-src 'self'", "img-src 'self' data: https:")
                            .doesNotContain("unsafe-inline"))
                    .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                    .expectHeader().valueEquals("Referrer-Policy", "strict-origin-when-cross-origin");
        }
    }

    @Test
    void responsesAreCompressedForClientsThatAcceptGzip() throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/insights"))
                .header(HttpHeaders.ACCEPT_ENCODING, "gzip").build();

        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.headers().firstValue(HttpHeaders.CONTENT_ENCODING)).hasValue("gzip");
        assertThat(response.body()[0]).isEqualTo((byte) 0x1f);
    }

    @Test
    void unpublishedInsightLeavesListingFeedSitemapAndCounter() {
        pipeline.publishAndAwait(RenderedEvents.removed(SLUG));

        Document listing = page("/insights");
        assertThat(listing.select(".card-title a").eachAttr("href")).doesNotContain("/insights/" + SLUG).hasSize(8);
        assertThat(listing.select("main p").eachText()).contains("8 Cases · 8 Insights · since 2026");
        assertThat(text("/insights/feed.xml")).doesNotContain(SLUG).contains("anonymity-as-an-architectural-invariant");
        assertThat(text("/sitemap.xml")).doesNotContain(SLUG).contains("anonymity-as-an-architectural-invariant");
        http.get().uri("/insights/" + SLUG).exchange().expectStatus().isEqualTo(410)
                .expectHeader().contentType("text/html;charset=UTF-8");
    }

    @Test
    void feedIsUpdatedWhenItsLastRevisedInsightIsUnpublishedNotSetBackToTheRevisionsLeft() {
        InsightRendered lastRevised = seeds.stream().max(Comparator.comparing(InsightRendered::revisedAt))
                .orElseThrow();
        Instant before = feedUpdated("/insights/feed.xml");
        InsightRemoved removal = RenderedEvents.removed(lastRevised.slug());

        pipeline.publishAndAwait(removal);

        assertThat(text("/insights/feed.xml")).doesNotContain(lastRevised.slug());
        // RFC 4287: the last time the feed changed, here when an entry left it
        assertThat(feedUpdated("/insights/feed.xml")).isAfter(before)
                .isCloseTo(removal.occurredAt(), within(1, ChronoUnit.MICROS));
    }

    @Test
    void feedIsAtomWithTheLatestInsightsNewestFirst() {
        var feed = Jsoup.parse(text("/insights/feed.xml"), "", org.jsoup.parser.Parser.xmlParser());

        assertThat(feed.select("feed > entry > title").eachText())
                .containsExactlyElementsOf(Seed.all().stream().map(Seed::title).toList());
        http.get().uri("/insights/feed.xml").exchange().expectHeader().contentType("application/atom+xml;charset=UTF-8");
    }

    @Test
    void rootRedirectsToTheListing() {
        http.get().uri("/").exchange().expectStatus().isEqualTo(301).expectHeader().location("/insights");
    }

    @Test
    void unknownAddressesGetTheNotFoundPageInTheSiteLayout() {
        for (String path : List.of("/insights/no-such-insight", "/no/such/page")) {
            String html = new String(http.get().uri(path).exchange().expectStatus().isNotFound()
                    .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
            Document page = Jsoup.parse(html);
            assertThat(page.selectFirst("header.site-header")).isNotNull();
            assertThat(page.selectFirst("main h1").text()).isEqualTo("Page not found");
        }
    }

    @Test
    void searchPageHighlightsTheMatchedWords() {
        Document results = page("/insights/search?q=pgbouncer");

        assertThat(results.select(".results .card-title a").eachAttr("href"))
                .containsExactly("/insights/commit-before-async-io");
        assertThat(results.select(".results mark").eachText()).isNotEmpty().allMatch("PgBouncer"::equalsIgnoreCase);
        assertThat(results.selectFirst("main .summary").text()).isEqualTo("1 insight matches “pgbouncer”.");
    }

    @Test
    void searchPageMarksMatchesInTheTitleAndSummaryToo() {
        Document results = page("/insights/search?q=thundering herd");

        assertThat(results.select(".results .card-title mark").eachText()).containsExactly("thundering", "herd");
        assertThat(results.select(".results .card-title a").text())
                .isEqualTo(Seed.bySlug("cache-without-a-lock-thundering-herd").title());
    }

    @Test
    void misspelledSearchShowsTheResultsOfTheCorrectionAndLinksToIt() {
        Document results = page("/insights/search?q=thundring herd");

        assertThat(results.selectFirst(".suggestion").text()).isEqualTo("Did you mean thundering herd?");
        assertThat(results.selectFirst(".suggestion a").attr("href")).isEqualTo("/insights/search?q=thundering%20herd");
        assertThat(results.select(".results .card-title a").eachAttr("href"))
                .containsExactly("/insights/cache-without-a-lock-thundering-herd");
    }

    @Test
    void tagListingShowsOnlyThatTagWithItsKeptCount() {
        Document listing = page("/insights/tags/postgresql");

        assertThat(listing.select(".card .card-title").eachText()).hasSize(4);
        assertThat(listing.selectFirst(".tag-filter").text()).isEqualTo("Tagged postgresql: 4 insights · every tag");
        assertThat(listing.select("main p").eachText()).contains("8 Cases · 9 Insights · since 2026");
    }

    @Test
    void stylesheetOfTheLayoutIsServedForBrowsersToKeepAnHourThenRevalidate() {
        var served = http.get().uri("/assets/site.css").exchange().expectStatus().isOk()
                .expectHeader().contentType("text/css")
                .expectHeader().cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .returnResult(String.class);
        String lastModified = served.getResponseHeaders().getFirst(HttpHeaders.LAST_MODIFIED);

        http.get().uri("/assets/site.css").header(HttpHeaders.IF_MODIFIED_SINCE, lastModified).exchange()
                .expectStatus().isNotModified();
    }

    @Test
    void nuHtmlCheckerFindsNoErrorsInListingArticleAndSearchPages() throws Exception {
        for (String path : List.of("/insights", "/insights/" + SLUG, "/insights/search?q=postgres",
                "/insights/search", "/insights/no-such-insight", "/insights?tag=postgresql&category=Debugging",
                "/insights/search?q=thundring%20herd", "/insights/search?q=thundering%20herd")) {
            assertThat(NuHtmlChecker.errors(text(path))).as(path).isEmpty();
        }
    }

    private Instant feedUpdated(String path) {
        return Instant.parse(Jsoup.parse(text(path), "", org.jsoup.parser.Parser.xmlParser())
                .selectFirst("feed > updated").text());
    }

    private Document page(String path) {
        return Jsoup.parse(text(path));
    }

    private String text(String path) {
        return new String(http.get().uri(path).exchange().expectBody().returnResult().getResponseBody(),
                StandardCharsets.UTF_8);
    }

    /** The methods a response's Allow names. */
    private static List<String> allowed(HttpResponse<?> response) {
        return response.headers().allValues(HttpHeaders.ALLOW).stream()
                .flatMap(allow -> List.of(allow.split(",\\s*")).stream()).toList();
    }
}
