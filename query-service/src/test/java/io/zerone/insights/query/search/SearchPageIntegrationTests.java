package io.zerone.insights.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.TestPipeline;
import io.zerone.insights.testsupport.NuHtmlChecker;

/** The search page within one category: it says so, keeps the category when searching again, and can drop it. */
@QueryServiceIntegrationTest
class SearchPageIntegrationTests {

    @Autowired
    TestPipeline pipeline;

    @Autowired
    WebTestClient http;

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
    }

    @Test
    void categoryWithoutMatchesIsNamedWithTheCountInAllCategories() {
        Document page = page("/insights/search?q=postgresql&category=SMB delivery");

        assertThat(page.selectFirst("main .summary").text())
                .isEqualTo("No insight in SMB delivery matches “postgresql”; 4 do in all categories.");
        assertThat(page.select(".results li")).isEmpty();
    }

    @Test
    void categoryWithMatchesIsNamedInTheCountAndTheTitle() {
        Document page = page("/insights/search?q=postgresql&category=Data Engineering");

        assertThat(page.selectFirst("main .summary").text())
                .isEqualTo("3 insights in Data Engineering match “postgresql”.");
        assertThat(page.title()).startsWith("postgresql in Data Engineering · Search");
        assertThat(page.select(".categories [aria-current]").text()).isEqualTo("Data Engineering");
    }

    @Test
    void theFormKeepsTheCategoryAndTheFilterLinksToTheSameSearchInAllCategories() {
        Document page = page("/insights/search?q=postgresql&category=SMB delivery");

        assertThat(page.select("form.search input[type=hidden][name=category]").eachAttr("value"))
                .containsExactly("SMB delivery");
        assertThat(page.selectFirst("#search-filter").text()).isEqualTo("Only in SMB delivery · search all categories");
        assertThat(page.selectFirst("#q").attr("aria-describedby")).isEqualTo("search-filter");
        String all = page.selectFirst("#search-filter a").attr("href");
        assertThat(all).isEqualTo("/insights/search?q=postgresql");
        assertThat(page(all).select("form.search input[name=category], #search-filter, #q[aria-describedby]"))
                .isEmpty();
    }

    @Test
    void theFormBeforeASearchKeepsTheCategoryItWasOpenedWith() {
        Document page = page("/insights/search?category=SMB delivery");

        assertThat(page.select("form.search input[type=hidden][name=category]").eachAttr("value"))
                .containsExactly("SMB delivery");
        assertThat(page.selectFirst("#search-filter").text()).isEqualTo("Only in SMB delivery · search all categories");
        assertThat(page.selectFirst("#search-filter a").attr("href")).isEqualTo("/insights/search");
        assertThat(page.select(".summary, .results li")).isEmpty();
    }

    @Test
    void searchPagesWithACategoryAreValidHtml() throws Exception {
        for (String path : List.of("/insights/search?q=postgresql&category=SMB delivery",
                "/insights/search?q=postgresql&category=Data Engineering",
                "/insights/search?q=thundring herd&category=Infrastructure",
                "/insights/search?q=xylophonq&category=Debugging", "/insights/search?category=Debugging")) {
            assertThat(NuHtmlChecker.errors(text(path))).as(path).isEmpty();
        }
    }

    private Document page(String path) {
        return Jsoup.parse(text(path));
    }

    private String text(String path) {
        return new String(http.get().uri(path).exchange().expectStatus().isOk().expectBody().returnResult()
                .getResponseBody(), StandardCharsets.UTF_8);
    }
}
