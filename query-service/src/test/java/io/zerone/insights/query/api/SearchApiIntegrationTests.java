package io.zerone.insights.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.TestPipeline;

@QueryServiceIntegrationTest
class SearchApiIntegrationTests {

    @Autowired
    TestPipeline pipeline;

    @Autowired
    WebTestClient http;

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
    }

    @Test
    void titleMatchRanksAboveBodyMatch() {
        http.get().uri("/api/search?q=cache").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[0].slug").isEqualTo("cache-without-a-lock-thundering-herd")
                .jsonPath("$.fuzzy").isEqualTo(false);
    }

    @Test
    void snippetHighlightsOnlyTheMatchedWordsAndEscapesTheText() {
        http.get().uri("/api/search?q=pgbouncer").exchange()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].snippet").value(snippet -> assertThat((String) snippet)
                        .contains("<mark>PgBouncer</mark>").doesNotContain("<mark></mark>"));
    }

    @Test
    void quotedPhraseExclusionAndOrFollowWebSearchSyntax() {
        http.get().uri("/api/search?q=\"expression index\"").exchange()
                .expectBody().jsonPath("$.items[*].slug").isEqualTo(List.of("expression-index-ignored-coalesce"));
        http.get().uri("/api/search?q=postgresql -pgbouncer").exchange()
                .expectBody().jsonPath("$.items[?(@.slug == 'commit-before-async-io')]").isEmpty()
                .jsonPath("$.items.length()").isEqualTo(3);
        http.get().uri("/api/search?q=webshop or pgbouncer").exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(2);
    }

    @Test
    void misspelledWordStillFindsItsInsight() {
        http.get().uri("/api/search?q=thundring").exchange()
                .expectBody()
                .jsonPath("$.fuzzy").isEqualTo(true)
                .jsonPath("$.items[0].slug").isEqualTo("cache-without-a-lock-thundering-herd");
    }

    @Test
    void facetsCountMatchesPerCategoryWhatEverTheCategoryFilter() {
        http.get().uri("/api/search?q=postgresql&category=Debugging").exchange()
                .expectBody()
                .jsonPath("$.items[*].category").isEqualTo(List.of("Debugging"))
                .jsonPath("$.facets[?(@.category == 'Data Engineering')].count").isEqualTo(List.of(3))
                .jsonPath("$.facets[?(@.category == 'Debugging')].count").isEqualTo(List.of(1));
    }

    @Test
    void emptyOrOverlongQueryIsABadRequestProblem() {
        for (String q : List.of("", "   ", "x".repeat(201))) {
            http.get().uri(uri -> uri.path("/api/search").queryParam("q", "{q}").build(q)).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType("application/problem+json");
        }
        http.get().uri("/api/search").exchange().expectStatus().isBadRequest();
        http.get().uri("/api/search?q=cache&limit=51").exchange().expectStatus().isBadRequest();
    }
}
