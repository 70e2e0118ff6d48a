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
import io.zerone.insights.events.PreviewRequested;
import io.zerone.insights.events.Topics;
import io.zerone.insights.testsupport.WithKafka;
import io.zerone.insights.testsupport.WithPostgres;
import io.zerone.insights.testsupport.openapi.ValidatedAgainst;
import tools.jackson.databind.JsonNode;

/** POST /api/previews: the body of a publish, the rules of a publish, and a request on its own topic, never a publish. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + IngestServiceApplication.CONFIG_NAME,
                "insights.previews.ttl=2h", "insights.previews.site-base-url=https://insights.example"})
@AutoConfigureWebTestClient
@WithKafka
@WithPostgres
@ValidatedAgainst(IngestApi.DESCRIPTION)
class PreviewsIntegrationTests {

    static final String DRAFT = """
            {"title": "Retry storms: why backoff needs jitter", "summary": "Synchronised retries.",
             "category": "Distributed Systems", "tags": ["resilience"], "body": "## The blip\\n\\nA hiccup."}""";

    @Autowired
    WebTestClient http;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    final CloudEventCodec codec = new CloudEventCodec();

    @Test
    void draftIsAnswered201WithAnUnguessablePreviewUrlOnTheSiteAndLandsOnThePreviewTopicOnly() {
        try (InsightEventsTopic previews = new InsightEventsTopic(bootstrapServers, Topics.INSIGHT_PREVIEWS);
                InsightEventsTopic insights = new InsightEventsTopic(bootstrapServers)) {
            Instant before = Instant.now();

            var result = post(DRAFT, PublishingIntegrationTests.DEV_KEY)
                    .expectStatus().isCreated()
                    .expectBody(JsonNode.class).returnResult();

            JsonNode body = result.getResponseBody();
            String url = body.get("preview").stringValue();
            assertThat(url).matches("https://insights\\.example/preview/[A-Za-z0-9_-]{43}");
            assertThat(result.getResponseHeaders().getLocation()).hasToString(url);
            assertThat(body.get("slug").stringValue()).isEqualTo("retry-storms-why-backoff-needs-jitter");
            String token = url.substring(url.lastIndexOf('/') + 1);

            List<ConsumerRecord<String, byte[]>> records = previews.exactly(1);
            PreviewRequested event = (PreviewRequested) codec.fromRecord(records.get(0));
            assertThat(records.get(0).key()).isEqualTo(token);
            assertThat(event.token()).isEqualTo(token);
            assertThat(event.source()).isEqualTo("dev-editor");
            assertThat(event.eventId().toString()).isEqualTo(body.get("eventId").stringValue());
            assertThat(event.insight().title()).isEqualTo("Retry storms: why backoff needs jitter");
            assertThat(event.body()).isEqualTo("## The blip\n\nA hiccup.");
            assertThat(event.expiresAt()).isBetween(before.plus(Duration.ofHours(2)), Instant.now().plus(Duration.ofHours(2)));
            assertThat(body.get("expiresAt").stringValue()).isEqualTo(event.expiresAt().toString())
                    .matches(Times.TO_THE_MICROSECOND);
            assertThat(event.occurredAt().toString()).matches(Times.TO_THE_MICROSECOND);
            assertThat(insights.exactly(0)).isEmpty();
        }
    }

    @Test
    void everyPreviewGetsItsOwnToken() {
        String first = post(DRAFT, PublishingIntegrationTests.DEV_KEY).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("preview").stringValue();
        String second = post(DRAFT, PublishingIntegrationTests.DEV_KEY).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("preview").stringValue();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void draftThatIsInvalidForAPublishGetsTheSame400AsAPublish() {
        String invalid = """
                {"title": "", "summary": 5, "category": "Infrastructure", "slug": "No/Slug", "colour": "red"}""";


        String publish = http.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY).bodyValue(invalid).exchange()
                .expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("errors").toString();

        JsonNode preview = post(invalid, PublishingIntegrationTests.DEV_KEY)
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(preview.get("title").stringValue()).isEqualTo("Invalid insight");
        assertThat(preview.get("errors").toString()).isEqualTo(publish);
    }

    @Test
    void draftWhoseDerivedSlugAnotherTitleHoldsIsPreviewedThoughItsPublishIs409() {
        String n = Long.toString(System.nanoTime());
        publish("C++ in production " + n).expectStatus().isAccepted();

        post(titled("C# in production " + n), PublishingIntegrationTests.DEV_KEY).expectStatus().isCreated()
                .expectBody().jsonPath("$.slug").isEqualTo("c-in-production-" + n);
        publish("C# in production " + n).expectStatus().isEqualTo(409);
    }

    @Test
    void previewWithoutAKeyIs401() {
        http.post().uri("/api/previews").contentType(MediaType.APPLICATION_JSON).bodyValue(DRAFT).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private WebTestClient.ResponseSpec publish(String title) {
        return http.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY).bodyValue(titled(title))
                .exchange();
    }

    private static String titled(String title) {
        return """
                {"title": "%s", "summary": "Not yet.", "category": "Editorial", "body": "Review me."}""".formatted(title);
    }

    private WebTestClient.ResponseSpec post(String body, String authorization) {
        return http.post().uri("/api/previews").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, authorization).bodyValue(body).exchange();
    }
}
