package io.zerone.insights.query.listing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.jayway.jsonpath.JsonPath;

import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.TestPipeline;

@QueryServiceIntegrationTest
class ListingApiIntegrationTests {

    @Autowired
    TestPipeline pipeline;

    @Autowired
    WebTestClient http;

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
    }

    @Test
    void cursorPagesWalkTheWholeListingNewestFirstWithoutGapsOrRepeats() {
        List<String> slugs = new ArrayList<>();
        String cursor = null;
        int pages = 0;

        do {
            String uri = "/api/insights?limit=4" + (cursor == null ? "" : "&cursor=" + cursor);
            String json = body(uri);
            slugs.addAll(JsonPath.read(json, "$.items[*].slug"));
            cursor = JsonPath.read(json, "$.nextCursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(slugs).containsExactlyElementsOf(Seed.all().stream().map(Seed::slug).toList());
    }

    @Test
    void filtersNarrowTheListing() {
        http.get().uri("/api/insights?category=Data Engineering").exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(3);
        http.get().uri("/api/insights?caseRef=01").exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(4);
        http.get().uri("/api/insights?tag=postgresql").exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(4);
        http.get().uri("/api/insights?from=2026-06-01&to=2026-06-05").exchange()
                .expectBody().jsonPath("$.items[*].slug").isEqualTo(List.of("static-export-instead-of-a-webshop",
                        "schema-org-localbusiness-regional-serps"));
    }

    @Test
    void everyTagAndCaseRefThatIngestPublishesCanBeFilteredOnAndATagHasItsPage() {
        String longTag = "a-tag-as-long-as-ingest-service-takes-" + "x".repeat(120 - 38);
        String caseRef = "Fall Ü #1";
        Seed seed = Seed.all().get(0);
        InsightRendered event = RenderedEvents.rendered(new Seed("long-tag-and-free-case-ref", "Long tag",
                seed.summary(), seed.category(), Instant.parse("2024-01-01T00:00:00Z"), 3, caseRef,
                List.of(longTag), "Body", "en"));
        pipeline.publishAndAwait(event);
        try {
            http.get().uri(uri -> uri.path("/api/insights").queryParam("tag", "{tag}").build(longTag)).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.items[*].slug").isEqualTo(List.of(event.slug()));
            http.get().uri(uri -> uri.path("/api/insights").queryParam("caseRef", "{ref}").build(caseRef)).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.items[*].slug").isEqualTo(List.of(event.slug()));
            http.get().uri("/insights/tags/" + longTag).exchange().expectStatus().isOk().expectBody(String.class)
                    .value(page -> assertThat(page).contains("/insights/" + event.slug()));
            http.get().uri("/insights/" + event.slug()).exchange().expectBody(String.class)
                    .value(page -> assertThat(page).contains("href=\"/insights/tags/" + longTag + "\""));
        } finally {
            pipeline.publishAndAwait(RenderedEvents.removed(event.slug()));
        }
    }

    @Test
    void tamperedCursorIsABadRequestProblem() {
        String cursor = JsonPath.read(body("/api/insights?limit=2"), "$.nextCursor");
        String tampered = cursor.substring(0, cursor.length() - 3) + "x!_";
        String forged = Base64.getUrlEncoder().encodeToString("v1\nnot-a-date\n../etc".getBytes());

        for (String bad : List.of(tampered, forged, "%00", "a".repeat(500))) {
            http.get().uri(uri -> uri.path("/api/insights").queryParam("cursor", "{c}").build(bad)).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType("application/problem+json")
                    .expectBody().jsonPath("$.status").isEqualTo(400);
        }
    }

    @Test
    void aDatePostgreSqlCannotCompareIsABadRequestNotAnError() {
        String farCursor = Base64.getUrlEncoder().encodeToString("v1\n+300000-01-01T00:00:00Z\nsome-slug".getBytes());

        for (List<String> parameter : List.of(List.of("from", "+300000-01-01T00:00:00Z"),
                List.of("to", "0000-01-01"), List.of("cursor", farCursor))) {
            http.get().uri(uri -> uri.path("/api/insights").queryParam(parameter.get(0), "{v}").build(parameter.get(1)))
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType("application/problem+json");
        }
        http.get().uri(uri -> uri.path("/insights").queryParam("cursor", "{c}").build(farCursor)).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType("text/html;charset=UTF-8");
    }

    @Test
    void everyParameterIsBounded() {
        for (String query : List.of("limit=0", "limit=101", "limit=ten", "from=yesterday", "to=2026-13-01",
                "caseRef=" + "9".repeat(30), "category=" + "c".repeat(101))) {
            http.get().uri("/api/insights?" + query).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType("application/problem+json");
        }
        http.get().uri("/api/insights?limit=100").exchange().expectStatus().isOk();
    }

    @Test
    void unchangedListingAnswersNotModified() {
        String etag = http.get().uri("/api/insights").exchange().expectStatus().isOk()
                .returnResult(byte[].class).getResponseHeaders().getETag();

        // this client asks for gzip: the listing is compressed per request, under a weak ETag (ADR 14)
        assertThat(etag).startsWith("W/\"");
        http.get().uri("/api/insights").header(HttpHeaders.IF_NONE_MATCH, etag).exchange()
                .expectStatus().isNotModified();
    }

    private String body(String uri) {
        return new String(http.get().uri(uri).exchange().expectStatus().isOk().expectBody().returnResult()
                .getResponseBody(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
