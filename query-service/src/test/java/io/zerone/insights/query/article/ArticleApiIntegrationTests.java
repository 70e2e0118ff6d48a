package io.zerone.insights.query.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.TestPipeline;

@QueryServiceIntegrationTest
class ArticleApiIntegrationTests {

    @Autowired
    TestPipeline pipeline;

    @Autowired
    WebTestClient http;

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
    }

    @Test
    void oneInsightComesWithItsBodyHtml() {
        http.get().uri("/api/insights/commit-before-async-io").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.title").isEqualTo(Seed.bySlug("commit-before-async-io").title())
                .jsonPath("$.bodyHtml").value(body -> assertThat((String) body).contains("PgBouncer")
                        .doesNotContain("<html").doesNotContain("<h1>"));
    }

    @Test
    void aSlugWithCapitalsIsMovedPermanentlyToItsLowercaseAddressWithItsQuery() {
        http.get().uri("/api/insights/Commit-Before-Async-IO?from=elsewhere").exchange()
                .expectStatus().isEqualTo(301)
                .expectHeader().location("/api/insights/commit-before-async-io?from=elsewhere");
        // whether anything is published there is the lowercase address's answer
        http.get().uri("/api/insights/UPPER").exchange()
                .expectStatus().isEqualTo(301).expectHeader().location("/api/insights/upper");
        http.get().uri("/api/insights/upper").exchange().expectStatus().isNotFound();
    }

    @Test
    void unknownSlugIsANotFoundProblem() {
        // no slug in lowercase either: no redirect
        for (String slug : List.of("no-such-insight", "Not_A_Slug", "Two--Dashes", "\u212Aelvin")) {
            http.get().uri("/api/insights/" + slug).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType("application/problem+json")
                    .expectBody().jsonPath("$.status").isEqualTo(404);
        }
        http.get().uri("/api/nothing-here").exchange().expectStatus().isNotFound()
                .expectHeader().contentType("application/problem+json");
    }
}
