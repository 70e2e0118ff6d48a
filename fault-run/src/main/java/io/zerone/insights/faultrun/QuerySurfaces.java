package io.zerone.insights.faultrun;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every surface of query-service, read as a visitor or an API client reads it. */
final class QuerySurfaces {

    /** An insight as one surface shows it; {@code publishedAt} is null where the surface does not show it. */
    record Shown(String slug, String title, Instant publishedAt) {
    }

    /** One insight's own page or JSON: its status, and what it shows when 200. */
    record Single(int status, String title, String text) {
    }

    record Search(boolean fuzzy, List<Shown> hits) {
    }

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    QuerySurfaces(URI base) {
        this.base = base;
    }

    Single json(String slug) {
        HttpResponse<String> response = get("/api/insights/" + slug);
        if (response.statusCode() != 200) {
            return new Single(response.statusCode(), null, null);
        }
        JsonNode insight = json.readTree(response.body());
        return new Single(200, insight.path("title").asString(), insight.path("summary").asString()
                + " " + insight.path("publishedAt").asString());
    }

    Single page(String slug) {
        HttpResponse<String> response = get("/insights/" + slug);
        if (response.statusCode() != 200) {
            return new Single(response.statusCode(), null, null);
        }
        Document page = Jsoup.parse(response.body());
        Element h1 = page.selectFirst("h1");
        return new Single(200, h1 == null ? null : h1.text(), page.text());
    }

    /** The whole JSON listing, page by page along its cursors. */
    List<Shown> listing() {
        List<Shown> all = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/api/insights?limit=100" + (cursor == null ? "" : "&cursor=" + encode(cursor));
            JsonNode page = json.readTree(ok(path));
            for (JsonNode item : page.path("items")) {
                all.add(new Shown(item.path("slug").asString(), item.path("title").asString(),
                        Instant.parse(item.path("publishedAt").asString())));
            }
            cursor = page.path("nextCursor").isString() ? page.path("nextCursor").asString() : null;
        } while (cursor != null);
        return all;
    }

    /** The first page of the HTML listing: its cards, in order. */
    List<Shown> listingPage() {
        List<Shown> cards = new ArrayList<>();
        for (Element card : Jsoup.parse(ok("/insights")).select("article.card")) {
            Element title = card.selectFirst(".card-title a");
            cards.add(new Shown(lastSegment(title.attr("href")), title.text(), null));
        }
        return cards;
    }

    long counter() {
        return json.readTree(ok("/api/stats")).path("insights").asLong();
    }

    Search search(String words) {
        JsonNode results = json.readTree(ok("/api/search?limit=50&q=" + encode(words)));
        List<Shown> hits = new ArrayList<>();
        for (JsonNode hit : results.path("items")) {
            hits.add(new Shown(hit.path("slug").asString(), hit.path("title").asString(), null));
        }
        return new Search(results.path("fuzzy").asBoolean(), hits);
    }

    List<Shown> feed() {
        List<Shown> entries = new ArrayList<>();
        for (Element entry : Jsoup.parse(ok("/insights/feed.xml"), "", Parser.xmlParser()).select("entry")) {
            entries.add(new Shown(lastSegment(entry.selectFirst("id").text()), entry.selectFirst("title").text(),
                    Instant.parse(entry.selectFirst("published").text())));
        }
        return entries;
    }

    /** The insights the sitemap lists (not the listing's own URL). */
    List<String> sitemap() {
        return Jsoup.parse(ok("/sitemap.xml"), "", Parser.xmlParser()).select("url > loc").eachText().stream()
                .filter(loc -> loc.matches(".*/insights/[^/]+$")).map(QuerySurfaces::lastSegment).toList();
    }

    private String ok(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    /** A GET; a broken connection is tried again for up to 30 s (a restarted query-service is still starting). */
    HttpResponse<String> get(String path) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("GET " + path + ": " + e, e);
                }
                Pause.briefly(Duration.ofMillis(200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String lastSegment(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
