package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.Topics;
import io.zerone.insights.events.cases.CasePublished;
import io.zerone.insights.events.cases.CaseUnpublished;
import io.zerone.insights.testsupport.WithKafka;
import io.zerone.insights.testsupport.WithPostgres;
import io.zerone.insights.testsupport.openapi.ValidatedAgainst;
import tools.jackson.databind.JsonNode;

/** POST /api/cases and DELETE /api/cases/{number}: the rules, keys and answers of insights, on case-events. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + IngestServiceApplication.CONFIG_NAME)
@AutoConfigureWebTestClient
@WithKafka
@WithPostgres
@ValidatedAgainst(IngestApi.DESCRIPTION)
class CasesIntegrationTests {

    static final String CASE = """
            {"number": "06", "title": "A B2B marketplace that promised anonymity",
             "summary": "Vendors routed around a promise; the code had to keep it.", "publishedAt": "2026-06-01",
             "body": "## The platform\\n\\nBuyers and vendors, and a promise."}""";

    @Autowired
    WebTestClient http;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    final CloudEventCodec codec = new CloudEventCodec();

    @Test
    void caseIsAccepted202AndLandsOnCaseEventsKeyedByItsNumber() {
        try (InsightEventsTopic cases = new InsightEventsTopic(bootstrapServers, Topics.CASE_EVENTS)) {

            JsonNode body = post(CASE, "case-6-first")
                    .expectStatus().isAccepted()
                    .expectHeader().location("http://localhost:8080/cases/06")
                    .expectBody(JsonNode.class).returnResult().getResponseBody();

            List<ConsumerRecord<String, byte[]>> records = cases.exactly(1);
            assertThat(records.get(0).key()).isEqualTo("06");
            CasePublished event = (CasePublished) codec.fromRecord(records.get(0));
            assertThat(event.eventId().toString()).isEqualTo(body.get("eventId").stringValue());
            assertThat(event.title()).isEqualTo("A B2B marketplace that promised anonymity");
            assertThat(event.slug()).isEqualTo("a-b2b-marketplace-that-promised-anonymity");
            assertThat(event.publishedAt()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
            assertThat(event.source()).isEqualTo("dev-editor");
            assertThat(event.occurredAt().toString()).matches(Times.TO_THE_MICROSECOND);
        }
    }

    @Test
    void retryWithTheSameIdempotencyKeyGetsTheSameAnswerAndWritesOnce() {
        try (InsightEventsTopic cases = new InsightEventsTopic(bootstrapServers, Topics.CASE_EVENTS)) {
            String first = post(CASE, "case-6-retried").expectStatus().isAccepted()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().get("eventId").stringValue();

            String retry = post(CASE, "case-6-retried").expectStatus().isAccepted()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().get("eventId").stringValue();

            assertThat(retry).isEqualTo(first);
            assertThat(cases.exactly(1)).hasSize(1);
        }
    }

    @Test
    void unpublishIsAccepted202AsACaseUnpublishedWithItsReason() {
        try (InsightEventsTopic cases = new InsightEventsTopic(bootstrapServers, Topics.CASE_EVENTS)) {

            http.delete().uri("/api/cases/06?reason=withdrawn").header(HttpHeaders.AUTHORIZATION,
                            PublishingIntegrationTests.DEV_KEY).exchange()
                    .expectStatus().isAccepted();

            CaseUnpublished event = (CaseUnpublished) codec.fromRecord(cases.exactly(1).get(0));
            assertThat(event.number()).isEqualTo("06");
            assertThat(event.reason()).isEqualTo("withdrawn");
        }
    }

    @Test
    void textsTypedInDecomposedFormArePublishedComposed() {
        try (InsightEventsTopic cases = new InsightEventsTopic(bootstrapServers, Topics.CASE_EVENTS)) {

            post("""
                    {"number": "07", "title": "Re\u0301sume\u0301 parsing at scale", "summary": "Cafe\u0301 receipts.",
                     "body": "Nai\u0308ve."}""", null).expectStatus().isAccepted();
            http.delete().uri(uri -> uri.path("/api/cases/07").queryParam("reason", "{reason}")
                            .build("re\u0301sume\u0301 withdrawn"))
                    .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY).exchange()
                    .expectStatus().isAccepted();

            List<ConsumerRecord<String, byte[]>> records = cases.exactly(2);
            CasePublished published = (CasePublished) codec.fromRecord(records.get(0));
            assertThat(published.title()).isEqualTo("R\u00e9sum\u00e9 parsing at scale");
            assertThat(published.slug()).isEqualTo("resume-parsing-at-scale");
            assertThat(published.summary()).isEqualTo("Caf\u00e9 receipts.");
            assertThat(published.body()).isEqualTo("Na\u00efve.");
            assertThat(((CaseUnpublished) codec.fromRecord(records.get(1))).reason())
                    .isEqualTo("r\u00e9sum\u00e9 withdrawn");
        }
    }

    @Test
    void invalidCaseIs400ProblemNamingEveryFieldAndWritesNothing() {
        try (InsightEventsTopic cases = new InsightEventsTopic(bootstrapServers, Topics.CASE_EVENTS)) {

            JsonNode problem = post("""
                    {"number": "6", "title": "", "slug": "No/Slug", "colour": "red"}""", null)
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(JsonNode.class).returnResult().getResponseBody();

            assertThat(problem.get("title").stringValue()).isEqualTo("Invalid case");
            assertThat(problem.get("errors").findValuesAsString("field"))
                    .containsExactlyInAnyOrder("colour", "number", "title", "summary", "body", "slug");
            assertThat(cases.exactly(0)).isEmpty();
        }
    }

    @Test
    void caseDatedInTheFutureIs400NamingPublishedAtForCasesCannotBeScheduled() {
        try (InsightEventsTopic cases = new InsightEventsTopic(bootstrapServers, Topics.CASE_EVENTS)) {
            String tomorrow = Instant.now().plus(Duration.ofDays(1)).toString();

            post(CASE.replace("\"2026-06-01\"", "\"" + tomorrow + "\""), null)
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.errors.length()").isEqualTo(1)
                    .jsonPath("$.errors[0].field").isEqualTo("publishedAt")
                    .jsonPath("$.errors[0].message")
                    .isEqualTo("must not be in the future: a case cannot be scheduled, publish it when it is due");

            assertThat(cases.exactly(0)).isEmpty();
        }
    }

    @Test
    void unpublishOfSomethingThatIsNoCaseNumberIs400() {
        http.delete().uri("/api/cases/six").header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Invalid case")
                .jsonPath("$.errors[0].field").isEqualTo("number");
    }

    @Test
    void caseWithoutAKeyIs401AndCountsNothing() {
        http.post().uri("/api/cases").contentType(MediaType.APPLICATION_JSON).bodyValue(CASE).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private WebTestClient.ResponseSpec post(String body, String idempotencyKey) {
        var request = http.post().uri("/api/cases").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.bodyValue(body).exchange();
    }
}
