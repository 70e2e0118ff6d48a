package io.zerone.insights.query.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.TestPipeline;

/**
 * The article reads are routed before the annotated mappings (docs/adr/0028): an address that another page answers
 * stays that page's however it is written, as the annotated mappings match it (decoded, parameters dropped).
 */
@QueryServiceIntegrationTest
class ArticleRoutesIntegrationTests {

    @Autowired
    TestPipeline pipeline;

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
        pipeline.awaitCaughtUp();
    }

    @Test
    void theSearchPageWrittenWithAnEscapeOrAPathParameterIsStillTheSearchPageNotAnArticle() throws Exception {
        for (String path : new String[] {"/insights/search", "/insights/%73earch", "/insights/search;v=1"}) {
            HttpResponse<String> answer = get(path + "?q=postgresql");

            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            assertThat(Jsoup.parse(answer.body()).selectFirst("main .summary").text()).as(path)
                    .isEqualTo("4 insights match “postgresql”.");
        }
    }

    @Test
    void anArticleWrittenWithAnEscapeIsTheArticle() throws Exception {
        String slug = Seed.all().get(0).slug();
        HttpResponse<String> plain = get("/insights/" + slug);
        HttpResponse<String> escaped = get("/insights/%" + Integer.toHexString(slug.charAt(0)) + slug.substring(1));

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(escaped.statusCode()).isEqualTo(200);
        assertThat(escaped.body()).isEqualTo(plain.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
