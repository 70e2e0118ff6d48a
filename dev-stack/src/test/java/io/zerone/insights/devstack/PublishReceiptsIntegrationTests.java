package io.zerone.insights.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import io.zerone.insights.testsupport.Infrastructure;
import tools.jackson.databind.JsonNode;

/**
 * Receipts and Prefer: wait through the three real services on one broker and database: the 201 comes when the page
 * is on the site, because query-service said so on insight-status, and the receipt shows the way there.
 */
class PublishReceiptsIntegrationTests {

    static final String DEV_KEY = "Bearer dev-insights-key";
    static final String SLUG = "waited-publish-" + Long.toHexString(System.nanoTime());

    static StackServices stack;
    static WebClient ingest;
    static WebClient site;

    @BeforeAll
    static void startTheThreeServices() {
        Infrastructure.Database database = Infrastructure.database();
        List<String> arguments = new ArrayList<>(database.commandLineArguments());
        arguments.add("--server.port=0");
        arguments.add("--spring.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrapServers());
        stack = StackServices.start(arguments.toArray(String[]::new));
        ingest = WebClient.builder().baseUrl("http://localhost:" + stack.port("ingest-service"))
                .defaultHeader(HttpHeaders.AUTHORIZATION, DEV_KEY).build();
        site = WebClient.create("http://localhost:" + stack.port("query-service"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void publishThenUnpublishWithWaitAnswerOnceTheSiteShowsTheChange() {
        ResponseEntity<JsonNode> published = ingest.post().uri("/api/insights")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Prefer", "wait=30")
                .bodyValue("""
                        {"slug": "%s", "title": "Waited publish", "summary": "Answered once it is live.",
                         "category": "Operations", "body": "## Live\\n\\nOn the site when the answer comes."}"""
                        .formatted(SLUG))
                .retrieve().toEntity(JsonNode.class).block(Duration.ofSeconds(40));

        assertThat(published.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(published.getHeaders().getFirst("Preference-Applied")).isEqualTo("wait=30");
        assertThat(published.getHeaders().getLocation()).hasToString("http://localhost:8080/insights/" + SLUG);
        // no waiting here: the 201 means it is visible
        assertThat(status("/insights/" + SLUG)).isEqualTo(HttpStatus.OK);
        JsonNode receipt = ingest.get().uri(published.getBody().get("receipt").stringValue())
                .retrieve().bodyToMono(JsonNode.class).block();
        assertThat(receipt.get("state").stringValue()).isEqualTo("live");
        assertThat(receipt.get("steps").valueStream().map(step -> step.get("state").stringValue()).toList())
                .startsWith("accepted").endsWith("live");

        ResponseEntity<JsonNode> unpublished = ingest.delete().uri("/api/insights/" + SLUG)
                .header("Prefer", "wait=30")
                .retrieve().toEntity(JsonNode.class).block(Duration.ofSeconds(40));

        assertThat(unpublished.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(unpublished.getBody().get("status").stringValue()).isEqualTo("removed");
        assertThat(status("/api/insights/" + SLUG)).isEqualTo(HttpStatus.GONE);
    }

    private static HttpStatus status(String path) {
        return site.get().uri(path)
                .exchangeToMono(response -> response.releaseBody()
                        .thenReturn(HttpStatus.valueOf(response.statusCode().value())))
                .block();
    }
}
