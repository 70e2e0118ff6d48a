package io.zerone.insights.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.zerone.insights.export.SiteExport;
import io.zerone.insights.testsupport.NuHtmlChecker;
import io.zerone.insights.testsupport.RestartableKafka;
import io.zerone.insights.testsupport.RestartablePostgres;
import io.zerone.insights.testsupport.SeedInsights;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The static export (docs/adr/0026-static-export-by-crawling-the-site.md): the three services on a broker and a
 * database of this test's own get the dev stack's demo content (the seed's insights, and its cases where it has them)
 * and enough more insights for an older page; the site is exported with a
 * public base URL that is not where query-service answers, the folder is served by a plain static file server
 * (Jetty's ResourceHandler, nothing configured but its index file), and the two are compared. The test knows no
 * page kind beyond the seed's: whatever query-service links to (cases, tag and category pages) is exported and
 * checked alike.
 */
class SiteExportIntegrationTests {

    static final URI PUBLIC_BASE = URI.create("https://insights.example.test");
    static final int OLDER_PAGE_FILLERS = 15;

    static RestartableKafka kafka;
    static RestartablePostgres postgres;
    static StackServices stack;
    static Server files;
    static URI site;
    static URI staticSite;
    static Path folder;
    static SiteExport.Result exported;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    final HttpClient noRedirects = HttpClient.newHttpClient();

    @BeforeAll
    static void publishTheSeedAndExportTheSite() throws Exception {
        kafka = RestartableKafka.started();
        postgres = RestartablePostgres.started();
        List<String> arguments = new ArrayList<>(postgres.database().commandLineArguments());
        arguments.add("--server.port=0");
        arguments.add("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers());
        arguments.add("--query.site.base-url=" + PUBLIC_BASE);
        arguments.add("--insights.render.site.public-base-url=" + PUBLIC_BASE);
        stack = StackServices.start(arguments.toArray(String[]::new));
        site = URI.create("http://localhost:" + stack.port("query-service"));

        // the dev stack's demo (the seed's insights, and whatever else it holds: cases), then an older page's worth
        String ingest = "http://localhost:" + stack.port("ingest-service");
        int demo = DemoContent.publishIfEmpty(kafka.bootstrapServers(), ingest);
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 1; i <= OLDER_PAGE_FILLERS; i++) {
            String payload = """
                    {"title": "Older note %1$d", "summary": "One of the notes on the older pages.",
                     "category": "Infrastructure", "tags": ["archive"], "publishedAt": "2025-01-%1$02dT09:00:00Z",
                     "body": "## Note %1$d\\n\\nKept for the *older insights* page."}""".formatted(i);
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(ingest + "/api/insights"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + DemoContent.DEV_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        }
        int insights = SeedInsights.payloads().size() + OLDER_PAGE_FILLERS;
        int cases = demoCases();
        JsonMapper json = JsonMapper.builder().build();
        assertThat(demo).isPositive();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode stats = json.readTree(client.send(HttpRequest.newBuilder(site.resolve("/api/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(stats.path("insights").asInt()).as(stats.toString()).isEqualTo(insights);
            if (cases > 0) {
                assertThat(stats.path("cases").asInt()).as(stats.toString()).isEqualTo(cases);
            }
        });

        folder = Files.createTempDirectory("site-export");
        exported = SiteExport.export(site, PUBLIC_BASE, folder.resolve("site"));
        folder = folder.resolve("site");

        files = new Server(0);
        ResourceHandler resources = new ResourceHandler();
        resources.setResourceBase(folder.toString());
        resources.setDirectoriesListed(false);
        resources.setWelcomeFiles(new String[] {"index.html"});
        files.setHandler(resources);
        files.start();
        staticSite = URI.create("http://localhost:" + ((ServerConnector) files.getConnectors()[0]).getLocalPort());
    }

    @AfterAll
    static void stop() throws Exception {
        if (files != null) {
            files.stop();
        }
        if (stack != null) {
            stack.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (folder != null) {
            try (Stream<Path> paths = Files.walk(folder.getParent())) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    @Test
    void exportHoldsEveryPageKindWithThePublicBaseUrlAndNoBrokenLink() throws Exception {
        assertThat(exported.broken()).isEmpty();
        assertThat(exported.written()).containsKeys("/", "/insights", "/insights/search", "/insights/feed.xml",
                "/sitemap.xml", "/assets/site.css");
        assertThat(exported.written().keySet()).anyMatch(ref -> ref.startsWith("/insights?cursor="));
        for (String payload : SeedInsights.payloads()) {
            String slug = JsonMapper.builder().build().readTree(payload).path("slug").asString(null);
            if (slug != null) {
                assertThat(exported.written()).containsKey("/insights/" + slug);
            }
        }
        assertThat(folder.resolve("404.html")).content().contains("Page not found");

        String sitemap = Files.readString(folder.resolve("sitemap.xml"));
        List<String> locations = Jsoup.parse(sitemap, "", org.jsoup.parser.Parser.xmlParser()).select("loc").eachText();
        assertThat(locations).isNotEmpty().allMatch(location -> location.startsWith(PUBLIC_BASE + "/"));
        assertThat(exported.written().keySet())
                .containsAll(locations.stream().map(location -> location.substring(PUBLIC_BASE.toString().length())).toList());
        assertThat(Jsoup.parse(folder.resolve("insights/index.html").toFile()).select("link[rel=canonical]").attr("href"))
                .startsWith(PUBLIC_BASE + "/insights");
    }

    @Test
    void staticServerAnswersEveryLinkOfTheExportedSite() throws Exception {
        List<String> queue = new ArrayList<>(List.of("/", "/sitemap.xml", "/insights/feed.xml"));
        List<String> broken = new ArrayList<>();
        for (int i = 0; i < queue.size(); i++) {
            HttpResponse<String> answer = get(http, staticSite.resolve(queue.get(i)));
            if (answer.statusCode() != 200) {
                broken.add(queue.get(i) + " " + answer.statusCode());
                continue;
            }
            for (String link : internalLinks(answer.body(), answer.uri())) {
                if (!queue.contains(link)) {
                    queue.add(link);
                }
            }
        }

        assertThat(broken).isEmpty();
        // every page of the site is reachable by links alone on the static server, the older pages included
        assertThat(queue).containsAll(exported.written().values().stream().filter(path -> !path.equals("/favicon.ico") && !path.equals("/robots.txt")).toList());
    }

    @Test
    void staticServerAnswersEachUrlWithWhatQueryServiceServes() throws Exception {
        for (Map.Entry<String, String> page : exported.written().entrySet()) {
            HttpResponse<String> live = get(noRedirects, site.resolve(page.getKey()));
            HttpResponse<String> served = get(http, staticSite.resolve(page.getValue()));

            assertThat(served.statusCode()).as(page.getValue()).isEqualTo(200);
            if (live.statusCode() / 100 == 3) {
                String target = live.headers().firstValue("Location").orElseThrow();
                assertThat(served.body()).as(page.getKey()).contains("url=" + target);
            } else {
                assertThat(served.body()).as(page.getKey())
                        .isEqualTo(SiteExport.exportedDocument(site, PUBLIC_BASE, page.getKey(), live.body()));
                assertThat(Jsoup.parse(served.body()).text()).isEqualTo(Jsoup.parse(live.body()).text());
            }
        }
    }

    @Test
    void nuHtmlCheckerFindsNoErrorOnAnyExportedPage() throws Exception {
        List<Path> pages;
        try (Stream<Path> all = Files.walk(folder)) {
            pages = all.filter(path -> path.toString().endsWith(".html")).toList();
        }
        // listing and its older pages, articles, search, 404, the redirect page, and whatever else the site links to
        assertThat(pages).contains(folder.resolve("insights/index.html"), folder.resolve("insights/search/index.html"),
                folder.resolve("404.html"), folder.resolve("index.html"));
        for (Path page : pages) {
            assertThat(NuHtmlChecker.errors(Files.readString(page))).as(folder.relativize(page).toString()).isEmpty();
        }
    }

    /** The demo's cases, if the demo has any: the site shows them once the counter counts them all. */
    private static int demoCases() throws IOException {
        try (var in = DemoContent.class.getResourceAsStream("/demo/cases.jsonl")) {
            return in == null ? 0 : (int) new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank()).count();
        }
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The site's own links of a page, feed or sitemap, as paths on the static server. */
    private static List<String> internalLinks(String document, URI base) {
        var parsed = document.startsWith("<?xml")
                ? Jsoup.parse(document, base.toString(), org.jsoup.parser.Parser.xmlParser())
                : Jsoup.parse(document, base.toString());
        List<String> links = new ArrayList<>();
        parsed.select("[href]").forEach(element -> links.add(element.absUrl("href")));
        parsed.select("[src]").forEach(element -> links.add(element.absUrl("src")));
        parsed.select("form[action]").forEach(element -> links.add(element.absUrl("action")));
        parsed.select("loc").forEach(element -> links.add(element.text()));
        return links.stream()
                .filter(link -> link.startsWith(staticSite + "/") || link.startsWith(PUBLIC_BASE + "/"))
                .map(link -> URI.create(link).getRawPath())
                .filter(path -> !path.isEmpty())
                .distinct()
                .toList();
    }
}
