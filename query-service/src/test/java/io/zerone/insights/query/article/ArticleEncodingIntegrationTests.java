package io.zerone.insights.query.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;

import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.query.Decompressed;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.TestPipeline;

/**
 * The article page in each coding the projector stored, over real HTTP from the real PostgreSQL. The JDK's client
 * neither asks for nor decodes a coding (WebTestClient's connector does both), so the bytes here are those on the wire.
 * The insight here has no tags and nothing related, so its page is sent exactly as stored (a page with related
 * insights: RelatedInsightsIntegrationTests).
 */
@QueryServiceIntegrationTest
class ArticleEncodingIntegrationTests {

    private static final String SLUG = "stored-as-it-is";

    private record Coding(String acceptEncoding, String contentEncoding, UnaryOperator<byte[]> decode) {
    }

    private static final List<Coding> CODINGS = List.of(
            new Coding(null, null, UnaryOperator.identity()),
            new Coding("gzip", "gzip", Decompressed::gzip),
            new Coding("br", "br", Decompressed::brotli));

    @Autowired
    TestPipeline pipeline;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    InsightRendered article;

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
        Seed seed = Seed.bySlug("expression-index-ignored-coalesce");
        article = RenderedEvents.rendered(new Seed(SLUG, seed.title(), seed.summary(), "Stored as it is",
                seed.publishedAt(), seed.readingMinutes(), null, List.of(), seed.body(), seed.language()));
        pipeline.publishAndAwait(article);
    }

    @AfterEach
    void unpublishIt() {
        pipeline.publishAndAwait(RenderedEvents.removed(SLUG));
    }

    @Test
    void everyCodingIsTheStoredPageAfterDecompressionWithAStrongEtagOfItsOwn() {
        List<String> etags = CODINGS.stream().map(coding -> {
            HttpResponse<byte[]> response = get(coding.acceptEncoding(), null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(header(response, HttpHeaders.CONTENT_ENCODING)).isEqualTo(coding.contentEncoding());
            assertThat(header(response, HttpHeaders.VARY)).isEqualTo(HttpHeaders.ACCEPT_ENCODING);
            assertThat(header(response, HttpHeaders.CONTENT_TYPE)).isEqualTo("text/html;charset=UTF-8");
            assertThat(new String(coding.decode().apply(response.body()), StandardCharsets.UTF_8))
                    .isEqualTo(article.pageHtml());
            return header(response, HttpHeaders.ETAG);
        }).toList();

        assertThat(etags).doesNotHaveDuplicates().allSatisfy(etag -> assertThat(etag).startsWith("\"")
                .contains(article.contentHash()));
        assertThat(etags.get(0)).isEqualTo("\"" + article.contentHash() + "\"");
    }

    @Test
    void eachCodingAnswersNotModifiedToItsOwnEtagOnly() {
        for (Coding coding : CODINGS) {
            String etag = header(get(coding.acceptEncoding(), null), HttpHeaders.ETAG);

            HttpResponse<byte[]> again = get(coding.acceptEncoding(), etag);

            assertThat(again.statusCode()).as(coding.acceptEncoding()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(header(again, HttpHeaders.ETAG)).isEqualTo(etag);
            assertThat(header(again, HttpHeaders.VARY)).isEqualTo(HttpHeaders.ACCEPT_ENCODING);
            for (Coding other : CODINGS) {
                if (other != coding) {
                    assertThat(get(other.acceptEncoding(), etag).statusCode()).isEqualTo(200);
                }
            }
        }
    }

    @Test
    void qValuesChooseTheCodingAndIdentityGoesWhenNothingStoredIsAcceptable() {
        assertThat(contentEncoding("gzip;q=1, br;q=0.5")).isEqualTo("gzip");
        assertThat(contentEncoding("gzip, deflate, br, zstd")).isEqualTo("br");
        assertThat(contentEncoding("br;q=0, gzip;q=0")).isNull();
        assertThat(contentEncoding("gzip;q=0.2, identity")).isNull();
    }

    @Test
    void theIdentityBytesAreNotCompressedPerRequestInACodingTheProjectorDidNotStore() {
        HttpResponse<byte[]> response = get("deflate", null);

        assertThat(header(response, HttpHeaders.CONTENT_ENCODING)).isNull();
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(article.pageHtml());
    }

    @Test
    void responsesMadePerRequestAreStillCompressedPerRequestAndSaySo() {
        HttpResponse<byte[]> listing = get("/insights", "gzip", null);

        assertThat(header(listing, HttpHeaders.CONTENT_ENCODING)).isEqualTo("gzip");
        // a shared cache must not hand gzip to a client that did not ask for it, nor the identity to one that did
        assertThat(header(listing, HttpHeaders.VARY)).isEqualTo(HttpHeaders.ACCEPT_ENCODING);
        HttpResponse<byte[]> identity = get("/api/insights", null, null);
        assertThat(header(identity, HttpHeaders.CONTENT_ENCODING)).isNull();
        assertThat(header(identity, HttpHeaders.VARY)).isEqualTo(HttpHeaders.ACCEPT_ENCODING);
        HttpResponse<byte[]> notModified = get("/api/insights", null, header(identity, HttpHeaders.ETAG));
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(header(notModified, HttpHeaders.VARY)).isEqualTo(HttpHeaders.ACCEPT_ENCODING);
        assertThat(new String(Decompressed.gzip(listing.body()), StandardCharsets.UTF_8))
                .contains("<h1>Insights</h1>");
        HttpResponse<byte[]> inBrotli = get("/insights", "br", null);
        assertThat(header(inBrotli, HttpHeaders.CONTENT_ENCODING)).isEqualTo("br");
        assertThat(new String(Decompressed.brotli(inBrotli.body()), StandardCharsets.UTF_8))
                .contains("<h1>Insights</h1>");
    }

    @Test
    void aResponseCompressedPerRequestHasAWeakEtagThatEveryCodingAnswersNotModifiedTo() {
        for (String path : List.of("/insights", "/api/insights", "/insights/feed.xml", "/sitemap.xml",
                "/insights/search?q=cache", "/api/search?q=cache")) {
            HttpResponse<byte[]> identity = get(path, null, null);
            HttpResponse<byte[]> gzip = get(path, "gzip", null);
            HttpResponse<byte[]> brotli = get(path, "br", null);
            String strong = header(identity, HttpHeaders.ETAG);

            assertThat(header(identity, HttpHeaders.CONTENT_ENCODING)).as(path).isNull();
            assertThat(header(gzip, HttpHeaders.CONTENT_ENCODING)).as(path).isEqualTo("gzip");
            assertThat(header(brotli, HttpHeaders.CONTENT_ENCODING)).as(path).isEqualTo("br");
            assertThat(strong).as(path).startsWith("\"");
            // RFC 9110 8.8.3: a strong ETag names one sequence of bytes; gzip and brotli made now are other ones
            assertThat(header(gzip, HttpHeaders.ETAG)).as(path).isEqualTo("W/" + strong);
            assertThat(header(brotli, HttpHeaders.ETAG)).as(path).isEqualTo("W/" + strong);
            // If-None-Match compares weakly (RFC 9110 13.1.2): each tag confirms a copy in any coding, and the 304
            // carries the tag its 200 would have
            for (String acceptEncoding : Arrays.asList(null, "gzip", "br")) {
                for (String etag : List.of(strong, "W/" + strong)) {
                    HttpResponse<byte[]> again = get(path, acceptEncoding, etag);

                    assertThat(again.statusCode()).as(path + " " + acceptEncoding + " " + etag).isEqualTo(304);
                    assertThat(header(again, HttpHeaders.ETAG)).as(path + " " + acceptEncoding + " " + etag)
                            .isEqualTo(acceptEncoding == null ? strong : "W/" + strong);
                }
            }
        }
        // a body too small to be compressed keeps its strong ETag in every coding
        assertThat(header(get("/api/stats", "gzip", null), HttpHeaders.CONTENT_ENCODING)).isNull();
        assertThat(header(get("/api/stats", "gzip", null), HttpHeaders.ETAG)).startsWith("\"");
    }

    @Test
    void anIfNoneMatchWithoutAnEntityTagIsIgnoredNotAnError() {
        for (String path : List.of("/insights/" + SLUG, "/insights", "/api/insights")) {
            for (String malformed : List.of("abc", "W/", "\"unterminated")) {
                assertThat(get(path, "gzip", malformed).statusCode()).as(path + " " + malformed).isEqualTo(200);
            }
        }
    }

    private String contentEncoding(String acceptEncoding) {
        return header(get(acceptEncoding, null), HttpHeaders.CONTENT_ENCODING);
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private HttpResponse<byte[]> get(String acceptEncoding, String ifNoneMatch) {
        return get("/insights/" + SLUG, acceptEncoding, ifNoneMatch);
    }

    private HttpResponse<byte[]> get(String path, String acceptEncoding, String ifNoneMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (acceptEncoding != null) {
            request.header(HttpHeaders.ACCEPT_ENCODING, acceptEncoding);
        }
        if (ifNoneMatch != null) {
            request.header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
