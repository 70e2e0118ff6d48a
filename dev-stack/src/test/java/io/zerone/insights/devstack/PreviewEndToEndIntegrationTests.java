package io.zerone.insights.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import io.zerone.insights.testsupport.Infrastructure;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A draft preview through the three services on one real broker and database (docs/adr/0022-draft-previews.md): the
 * page the renderer would publish, marked noindex, on no public surface, and gone when its (here short) time is up.
 */
class PreviewEndToEndIntegrationTests {

    static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);
    /** Long enough to look at the preview on a loaded machine, short enough to wait for its end. */
    static final Duration TTL = Duration.ofSeconds(25);
    static final String DEV_KEY = "Bearer dev-insights-key";
    static final String NOINDEX = "<meta name=\"robots\" content=\"noindex\">";

    static final String RUN = Long.toHexString(System.nanoTime());
    static final String SLUG = "preview-before-publish-" + RUN;
    /** A word of the draft's body only, for the search surfaces. */
    static final String WORD = "zebrafence" + RUN;

    static StackServices stack;
    static WebClient ingest;
    static WebClient site;
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startTheThreeServices() {
        Infrastructure.Database database = Infrastructure.database();
        List<String> arguments = new ArrayList<>(database.commandLineArguments());
        arguments.add("--server.port=0");
        arguments.add("--spring.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrapServers());
        arguments.add("--insights.previews.ttl=" + TTL.toSeconds() + "s");
        arguments.add("--query.previews.cleanup-interval=1s");
        stack = StackServices.start(arguments.toArray(String[]::new));
        ingest = WebClient.create("http://localhost:" + stack.port("ingest-service"));
        site = WebClient.create("http://localhost:" + stack.port("query-service"));
    }

    /** The stores outlive this class: the insight published for the comparison goes again (as TracingIntegrationTests). */
    @AfterAll
    static void unpublishAndStop() {
        if (stack == null) {
            return;
        }
        try {
            ingest.delete().uri("/api/insights/" + SLUG).header(HttpHeaders.AUTHORIZATION, DEV_KEY)
                    .exchangeToMono(response -> response.releaseBody()).block();
            await().atMost(VISIBLE_WITHIN).until(() -> fetch("/api/insights/" + SLUG).getStatusCode() != HttpStatus.OK);
        } finally {
            stack.close();
        }
    }

    @Test
    void previewIsThePublishedPageMarkedNoindexOnNoPublicSurfaceAndGoneAfterItsTime() {
        String draft = """
                {"slug": "%s", "title": "Preview before publish %s", "summary": "Seen by the editor alone.",
                 "category": "Editorial", "publishedAt": "2026-06-07", "caseRef": "10", "tags": ["previews"],
                 "body": "## Draft\\n\\nOnly the editor sees the %s."}""".formatted(SLUG, RUN, WORD);
        int insightsBefore = json("/api/stats").path("insights").asInt();

        ResponseEntity<JsonNode> created = ingest.post().uri("/api/previews").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, DEV_KEY).bodyValue(draft)
                .retrieve().toEntity(JsonNode.class).block();

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String url = created.getBody().path("preview").stringValue();
        assertThat(created.getHeaders().getLocation()).hasToString(url);
        assertThat(url).matches("http://localhost:8080/preview/[A-Za-z0-9_-]{43}");
        String path = url.substring("http://localhost:8080".length());
        ResponseEntity<byte[]> preview = await().atMost(VISIBLE_WITHIN)
                .until(() -> fetch(path), response -> response.getStatusCode() == HttpStatus.OK);
        assertThat(preview.getHeaders().getFirst("X-Robots-Tag")).isEqualTo("noindex");
        assertThat(preview.getHeaders().getCacheControl()).isEqualTo("private, no-store");
        String previewHtml = new String(preview.getBody(), StandardCharsets.UTF_8);
        Document page = Jsoup.parse(previewHtml);
        assertThat(page.select("meta[name=robots]").attr("content")).isEqualTo("noindex");
        assertThat(page.select("h1").text()).isEqualTo("Preview before publish " + RUN);

        // on no public surface: page, JSON, listing (page and API), counters, search (page and API), feed, sitemap,
        // delta sync
        assertThat(fetch("/insights/" + SLUG).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(fetch("/api/insights/" + SLUG).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(text("/insights")).doesNotContain(SLUG, "Preview before publish");
        assertThat(text("/api/insights?limit=100")).doesNotContain(SLUG);
        assertThat(json("/api/stats").path("insights").asInt()).isEqualTo(insightsBefore);
        assertThat(text("/insights/search?q=" + WORD)).doesNotContain(SLUG);
        assertThat(text("/api/search?q=" + WORD)).doesNotContain(SLUG);
        assertThat(text("/insights/feed.xml")).doesNotContain(SLUG);
        assertThat(text("/sitemap.xml")).doesNotContain(SLUG, "/preview/");
        assertThat(text("/api/sync")).doesNotContain(SLUG);

        // the same draft published for real: the same bytes, but for the noindex tag and the revision's own time, and
        // the tags and related insights the site adds to a published page when it serves it (docs/adr/0025)
        HttpStatus published = ingest.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, DEV_KEY).bodyValue(draft)
                .exchangeToMono(response -> response.releaseBody()
                        .thenReturn(HttpStatus.valueOf(response.statusCode().value())))
                .block();
        assertThat(published).isEqualTo(HttpStatus.ACCEPTED);
        ResponseEntity<byte[]> article = await().atMost(VISIBLE_WITHIN)
                .until(() -> fetch("/insights/" + SLUG), response -> response.getStatusCode() == HttpStatus.OK);
        String articleHtml = new String(article.getBody(), StandardCharsets.UTF_8);
        assertThat(articleHtml).doesNotContain(NOINDEX);
        assertThat(previewHtml).containsOnlyOnce(NOINDEX);
        String previewRevisedAt = revisedAt(previewHtml);
        assertThat(previewHtml.replace(NOINDEX + "\n", "").replace(previewRevisedAt, revisedAt(articleHtml)))
                .isEqualTo(articleHtml.replaceFirst("(?s)<aside class=\"related\".*?</aside>\n", ""));

        // and gone when its time is up, its row deleted by the cleanup
        await().atMost(TTL.plus(VISIBLE_WITHIN))
                .until(() -> fetch(path).getStatusCode() == HttpStatus.NOT_FOUND);
        ResponseEntity<byte[]> gone = fetch(path);
        assertThat(gone.getHeaders().getFirst("X-Robots-Tag")).isEqualTo("noindex");
        assertThat(gone.getHeaders().getCacheControl()).isEqualTo("private, no-store");
    }

    @Test
    void unknownTokenIsA404Page() {
        ResponseEntity<byte[]> unknown = fetch("/preview/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
    }

    @Test
    void draftInvalidForAPublishIsTheSame400ForAPreview() {
        String invalid = """
                {"title": "", "category": "Editorial", "slug": "Not A Slug", "body": "x", "colour": "red"}""";

        ResponseEntity<String> publish = post("/api/insights", invalid);
        ResponseEntity<String> preview = post("/api/previews", invalid);

        assertThat(preview.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST).isEqualTo(publish.getStatusCode());
        assertThat(preview.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json.readTree(preview.getBody()).path("errors"))
                .isEqualTo(json.readTree(publish.getBody()).path("errors"))
                .hasSize(4);
    }

    /** The time of the revision a page shows (JSON-LD dateModified, article:modified_time). */
    private static String revisedAt(String html) {
        Matcher modified = Pattern.compile("\"dateModified\":\"([^\"]+)\"").matcher(html);
        assertThat(modified.find()).as("dateModified in %s", html).isTrue();
        return modified.group(1);
    }

    private static ResponseEntity<String> post(String path, String body) {
        return ingest.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, DEV_KEY).bodyValue(body)
                .exchangeToMono(response -> response.toEntity(String.class)).block();
    }

    private static ResponseEntity<byte[]> fetch(String path) {
        return site.get().uri(path).header(HttpHeaders.ACCEPT_ENCODING, "identity")
                .exchangeToMono(response -> response.toEntity(byte[].class)).block();
    }

    private static String text(String path) {
        return site.get().uri(path).retrieve().bodyToMono(String.class).defaultIfEmpty("").block();
    }

    private JsonNode json(String path) {
        return json.readTree(text(path));
    }
}
