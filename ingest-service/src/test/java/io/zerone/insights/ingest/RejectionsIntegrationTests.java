package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.events.Topics;
import io.zerone.insights.testsupport.openapi.ValidatedAgainst;
import io.zerone.insights.testsupport.WithKafka;
import io.zerone.insights.testsupport.WithPostgres;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

/**
 * Every way a request can be wrong gets a clear problem+json answer, and nothing reaches a topic (checked after each
 * test, on insight-events, insight-previews and case-events).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + IngestServiceApplication.CONFIG_NAME,
                "insights.ingest.publishing.max-request-size=64KB"})
@ValidatedAgainst(IngestApi.DESCRIPTION)
@AutoConfigureWebTestClient
@WithKafka
@WithPostgres
class RejectionsIntegrationTests {

    static final String VALID = """
            {"title": "Cache without a lock", "summary": "Thundering herd.", "category": "Infrastructure",
             "body": "Per-key single flight."}""";

    static final String CONTROL_SURROGATE_OR_NONCHARACTER = "must not contain control characters other than tab,"
            + " line feed and carriage return, unpaired surrogates, U+FFFE or U+FFFF";

    @Autowired
    WebTestClient http;

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    /** The topics ingest writes for insights, previews and cases: what a rejected request must never reach. */
    List<InsightEventsTopic> topics;

    @BeforeEach
    void readTheTopicsFromTheirCurrentEnd() {
        topics = List.of(new InsightEventsTopic(bootstrapServers),
                new InsightEventsTopic(bootstrapServers, Topics.INSIGHT_PREVIEWS),
                new InsightEventsTopic(bootstrapServers, Topics.CASE_EVENTS));
    }

    @AfterEach
    void nothingReachedATopic() {
        try {
            for (InsightEventsTopic topic : topics) {
                assertThat(topic.upToNow()).extracting(record -> record.topic() + " " + record.key()).isEmpty();
            }
        } finally {
            topics.forEach(InsightEventsTopic::close);
        }
    }

    @Test
    void missingKeyIs401() {
        http.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON).bodyValue(VALID).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectBody().jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.code").isEqualTo("unauthorized")
                .jsonPath("$.detail").isEqualTo("send the client's API key as 'Authorization: Bearer <key>'");
    }

    @Test
    void wrongKeyIs401() {
        post(VALID, "Bearer not-the-key").expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").isEqualTo("the API key is not valid");
    }

    @Test
    void wrongKeyOnUnpublishIs401() {
        http.delete().uri("/api/insights/some-slug").header(HttpHeaders.AUTHORIZATION, "Bearer nope").exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void validKeyOutsideTheApiIs404ProblemJson() {
        http.get().uri("/admin/settings").header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.title").isEqualTo("Not Found")
                .jsonPath("$.code").isEqualTo("not_found")
                .jsonPath("$.detail").isEqualTo("nothing at this address");
        http.get().uri("/api/nothing-here").header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("not_found");
    }

    @Test
    void invalidFieldsAre400NamingEveryField() {
        post("""
                {"title": "", "summary": 5, "category": "Infrastructure", "slug": "No/Slug", "colour": "red",
                 "tags": ["ok", "NOT OK"], "language": "english"}""", PublishingIntegrationTests.DEV_KEY)
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title").isEqualTo("Invalid insight")
                .jsonPath("$.code").isEqualTo("invalid")
                .jsonPath("$.errors.length()").isEqualTo(7)
                .jsonPath("$.errors[?(@.field == 'colour')].message").isEqualTo("unknown field")
                .jsonPath("$.errors[?(@.field == 'title')].message").isEqualTo("must not be blank")
                .jsonPath("$.errors[?(@.field == 'summary')].message").isEqualTo("must be a string")
                .jsonPath("$.errors[?(@.field == 'body')].message").isEqualTo("is required")
                .jsonPath("$.errors[?(@.field == 'slug')]").exists()
                .jsonPath("$.errors[?(@.field == 'tags[1]')]").exists()
                .jsonPath("$.errors[?(@.field == 'language')].message").isEqualTo("must be a BCP 47 language tag such as en, de, ar, ja, pt-BR or zh-Hant");
    }

    @Test
    void publishedAtOutsideTheYearsOneTo9999Is400SayingSoInEveryForm() {
        for (String outOfRange : new String[] {"0000-01-01", "+10000-01-01T00:00:00Z", "9999-12-31T23:59:59-01:00",
                "10000-01-01", "10000-01-01T00:00:00Z"}) {
            post("""
                    {"title": "Far out", "summary": "A date PostgreSQL cannot store.", "category": "Infrastructure",
                     "publishedAt": "%s", "body": "Soon."}""".formatted(outOfRange), PublishingIntegrationTests.DEV_KEY)
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.errors.length()").isEqualTo(1)
                    .jsonPath("$.errors[0].field").isEqualTo("publishedAt")
                    .jsonPath("$.errors[0].message").isEqualTo("must be an ISO-8601 instant (2026-06-05T09:00:00Z)"
                            + " or date (2026-06-05) in the years 1 to 9999");
        }
    }

    @Test
    void caseRefThatIsNoCaseNumberIs400NamingItsShape() {
        for (String caseRef : new String[] {"6", "006", "Case 06", "X-17"}) {
            post("""
                    {"title": "From a case", "summary": "Which one?", "category": "Infrastructure",
                     "caseRef": "%s", "body": "Linked."}""".formatted(caseRef), PublishingIntegrationTests.DEV_KEY)
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.errors.length()").isEqualTo(1)
                    .jsonPath("$.errors[0].field").isEqualTo("caseRef")
                    .jsonPath("$.errors[0].message").isEqualTo("must be a case number of two digits, e.g. \"06\"");
        }
    }

    @Test
    void controlCharactersThePagesAndTheDatabaseCannotHoldAre400() {
        post("""
                {"title": "A NUL \\u0000 here", "summary": "A bell \\u0007.", "category": "Infrastructure",
                 "body": "Line one\\nline two\\r\\n\\tand an escape \\u001b[31m"}""", PublishingIntegrationTests.DEV_KEY)
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors.length()").isEqualTo(3)
                .jsonPath("$.errors[?(@.field == 'title')].message").isEqualTo(CONTROL_SURROGATE_OR_NONCHARACTER)
                .jsonPath("$.errors[?(@.field == 'summary')]").exists()
                .jsonPath("$.errors[?(@.field == 'body')]").exists();
        http.delete().uri(uri -> uri.path("/api/insights/some-slug").queryParam("reason", "{reason}")
                        .build("retired\u0000")).header(HttpHeaders.AUTHORIZATION,
                        PublishingIntegrationTests.DEV_KEY).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
    }

    @Test
    void unpairedSurrogatesAndNoncharactersTheFeedsCannotHoldAre400() {
        post("""
                {"title": "A lone \\ud800 half", "summary": "A pair \\ud83d\\ude00 is fine.",
                 "category": "Infrastructure", "body": "Not a character: \\uffff"}""", PublishingIntegrationTests.DEV_KEY)
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors.length()").isEqualTo(2)
                .jsonPath("$.errors[?(@.field == 'title')].message").isEqualTo(CONTROL_SURROGATE_OR_NONCHARACTER)
                .jsonPath("$.errors[?(@.field == 'body')].message").isEqualTo(CONTROL_SURROGATE_OR_NONCHARACTER);
    }

    @Test
    void textsWithoutAVisibleCharacterAre400NamingEachField() {
        post("""
                {"title": "\\u200b", "summary": "\\u00a0", "category": "\\u3164", "body": "\\u2800"}""",
                PublishingIntegrationTests.DEV_KEY)
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors.length()").isEqualTo(4)
                .jsonPath("$.errors[?(@.field == 'title')].message").isEqualTo("must hold a visible character")
                .jsonPath("$.errors[?(@.field == 'summary')].message").isEqualTo("must hold a visible character")
                .jsonPath("$.errors[?(@.field == 'category')].message").isEqualTo("must hold a visible character")
                .jsonPath("$.errors[?(@.field == 'body')].message").isEqualTo("must hold a visible character");
    }

    @Test
    void malformedJsonIs400() {
        post("{\"title\": \"unterminated", PublishingIntegrationTests.DEV_KEY)
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("$")
                .jsonPath("$.errors[0].message").value(m -> org.assertj.core.api.Assertions.assertThat((String) m)
                        .startsWith("malformed JSON"));
    }

    @Test
    void jsonNestedPastTheLimitIs400SayingSoInTheClientsTerms() {
        post("{\"tags\": " + "[".repeat(600) + "]".repeat(600) + "}", PublishingIntegrationTests.DEV_KEY)
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].message").value(m -> org.assertj.core.api.Assertions
                        .assertThat((String) m).startsWith("malformed JSON: Document nesting depth")
                        .doesNotContain("StreamReadConstraints"));
    }

    @Test
    void duplicateFieldIs400() {
        post("{\"title\": \"a\", \"title\": \"b\"}", PublishingIntegrationTests.DEV_KEY)
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].message").value(m -> org.assertj.core.api.Assertions
                        .assertThat((String) m).contains("Duplicate"));
    }

    @Test
    void emptyBodyIs400() {
        http.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].message").isEqualTo("the body is empty; send the insight as JSON");
    }

    @Test
    void bodyPastTheLimitIs413FromContentLength() {
        patient().post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .bodyValue("{\"body\": \"" + "x".repeat(70 * 1024) + "\"}").exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("the request body is larger than 65536 bytes");
    }

    @Test
    void chunkedBodyPastTheLimitIs413WhileStreaming() {
        byte[] chunk = "x".repeat(8 * 1024).getBytes();
        Flux<DataBuffer> twoMegabytes = Flux.range(0, 256).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(chunk));

        patient().post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .body(twoMegabytes, DataBuffer.class)
                .exchange()
                .expectStatus().isEqualTo(413);
    }

    @Test
    void bodyThatIsNotJsonIs415() {
        http.post().uri("/api/insights").contentType(MediaType.TEXT_PLAIN)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .bodyValue("title: not json").exchange()
                .expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("unsupported_media_type");
    }

    @Test
    void jsonInAnotherCharsetOrACompressedBodyIs415SayingWhyNotMalformedJson() {
        http.post().uri("/api/insights").contentType(MediaType.parseMediaType("application/json;charset=ISO-8859-1"))
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .bodyValue("{\"title\": \"Gr\u00fc\u00dfe\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                .exchange()
                .expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions
                        .assertThat((String) detail).contains("UTF-8"));
        http.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .header(HttpHeaders.CONTENT_ENCODING, "gzip")
                .bodyValue(new byte[] {0x1f, (byte) 0x8b, 8, 0})
                .exchange()
                .expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions
                        .assertThat((String) detail).contains("gzip"));
    }

    @Test
    void bodyThatIsNotUtf8Is415SayingSoWhateverTheParserCouldMakeOfIt() {
        String json = """
                {"title": "Gr\u00fc\u00dfe", "summary": "Not UTF-8.", "category": "Infrastructure", "body": "Bytes."}""";
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("ISO-8859-1", json.getBytes(StandardCharsets.ISO_8859_1));
        bodies.put("UTF-16LE", json.getBytes(StandardCharsets.UTF_16LE));
        bodies.put("UTF-16 with its byte order mark", json.getBytes(StandardCharsets.UTF_16));
        bodies.put("UTF-32", json.getBytes(Charset.forName("UTF-32")));
        for (String path : new String[] {"/api/insights", "/api/previews", "/api/cases"}) {
            bodies.forEach((encoding, bytes) -> http.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                    .bodyValue(bytes).exchange()
                    .expectStatus().isEqualTo(415)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                            .as(path + " in " + encoding).startsWith("the body must be UTF-8")));
        }
    }

    @Test
    void bodyWithoutAContentTypeIs415NamingTheMediaTypeItNeeds() {
        for (String path : new String[] {"/api/insights", "/api/previews", "/api/cases"}) {
            http.post().uri(path).header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                    .body((message, context) -> message.writeWith(Mono.just(
                            DefaultDataBufferFactory.sharedInstance.wrap(VALID.getBytes(StandardCharsets.UTF_8)))))
                    .exchange()
                    .expectStatus().isEqualTo(415)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").isEqualTo(
                            "send the body as JSON in UTF-8, with Content-Type: application/json");
        }
    }

    @Test
    void idempotencyKeySentTwiceIs400NamingTheHeader() {
        http.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .header("Idempotency-Key", "a", "b")
                .bodyValue(VALID).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key")
                .jsonPath("$.errors[0].message").isEqualTo("must be sent once: a request has one key");
        http.delete().uri("/api/cases/06")
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .header("Idempotency-Key", "a", "b")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
    }

    @Test
    void unpublishOfTheSearchPagesAddressIs400AsItsPublishIs() {
        http.delete().uri("/api/insights/search").header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("slug")
                .jsonPath("$.errors[0].message").isEqualTo(
                        "'search' is the address of the site's own page; no insight is published there");
    }

    @Test
    void acceptThatIsNotJsonIs406ProblemJsonAndPublishesNothing() {
        http.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON).accept(MediaType.TEXT_HTML)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .bodyValue(VALID).exchange()
                .expectStatus().isEqualTo(406)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("not_acceptable");
    }

    @Test
    void methodTheAddressDoesNotTakeIs405ProblemJsonNamingTheOnesItTakes() {
        // not through the validating client: the description has no operation for a method an address does not take,
        // and says so in its words (info.description)
        WebTestClient unvalidated = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();

        unvalidated.put().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .bodyValue(VALID).exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().valueEquals(HttpHeaders.ALLOW, "POST")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("method_not_allowed");
    }

    @Test
    void unpublishOfAMalformedSlugIs400() {
        http.delete().uri("/api/insights/Not_A_Slug").header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("slug");
    }

    @Test
    void pathsTheFirewallRefusesAre400ProblemJson() {
        for (String slug : new String[] {"%2e%2e", "a%2fb", "a;b", "a%00b"}) {
            URI address = URI.create("http://localhost:" + port + "/api/insights/" + slug);

            http.delete().uri(address).header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.status").isEqualTo(400)
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail).as(slug)
                            .startsWith("the request's address or a header holds what this API never takes"));
        }
    }

    @Test
    void malformedIdempotencyKeyIs400() {
        http.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .header("Idempotency-Key", "has spaces in it")
                .bodyValue(VALID).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
    }

    /** Sending a large body on a loaded CI machine can outlast WebTestClient's 5 s default. */
    private WebTestClient patient() {
        return http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    private WebTestClient.ResponseSpec post(String body, String authorization) {
        return http.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .bodyValue(body).exchange();
    }
}
