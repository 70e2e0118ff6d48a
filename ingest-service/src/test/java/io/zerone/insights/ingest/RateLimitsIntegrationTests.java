package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.testsupport.openapi.ValidatedAgainst;
import io.zerone.insights.testsupport.WithKafka;
import io.zerone.insights.testsupport.WithPostgres;

/**
 * Each client has its own token bucket: past it a client gets 429 with Retry-After, others go on unaffected, and
 * every answer to a client says where it stands (RateLimit-Policy and RateLimit, draft-ietf-httpapi-ratelimit-headers).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + IngestServiceApplication.CONFIG_NAME,
                // a list binds from one property source only: the development client again, then another
                "insights.ingest.clients[0].id=dev-editor",
                "insights.ingest.clients[0].key-sha256=456e731fdebcb8090a63d65391933493cf57e89fceb206dbdb62404ca2047a69",
                // one request every ten seconds after a burst of two: the third comes long before a token does
                "insights.ingest.clients[1].id=limited-editor",
                "insights.ingest.clients[1].key-sha256=f33b2500796d61f96eeef0f5331ddc40c17e434aff139f4d9e00bfe75170d87a",
                "insights.ingest.clients[1].rate-limit.requests-per-second=0.1",
                "insights.ingest.clients[1].rate-limit.burst=2",
                // the same limit, a bucket of its own
                "insights.ingest.clients[2].id=previewing-editor",
                "insights.ingest.clients[2].key-sha256=730290017a479717d12e4c4a407b9d114ae11794def895402403f9442f2d592f",
                "insights.ingest.clients[2].rate-limit.requests-per-second=0.1",
                "insights.ingest.clients[2].rate-limit.burst=2",
                "insights.ingest.clients[3].id=casing-editor",
                "insights.ingest.clients[3].key-sha256=a741abefa0db278377b312b9585e37ae381f3fdf9e8c16582e5f26f044a6c7d8",
                "insights.ingest.clients[3].rate-limit.requests-per-second=0.1",
                "insights.ingest.clients[3].rate-limit.burst=2"})
@ValidatedAgainst(IngestApi.DESCRIPTION)
@AutoConfigureWebTestClient
@WithKafka
@WithPostgres
class RateLimitsIntegrationTests {

    static final String LIMITED_KEY = "Bearer limited-key";
    static final String PREVIEWING_KEY = "Bearer previewing-key";
    static final String CASING_KEY = "Bearer casing-key";

    @Autowired
    WebTestClient http;

    @Test
    void clientPastItsLimitGets429WithRetryAfterWhileOthersGoOn() {
        // the bucket refills continuously (0.1 token a second): on a loaded machine a second or two may pass
        // between these requests, so the reset times may be that much shorter
        unpublish(LIMITED_KEY).expectStatus().isAccepted()
                .expectHeader().valueEquals("RateLimit-Policy", "\"per-client\";q=2;w=20")
                .expectHeader().valueMatches("RateLimit", "\"per-client\";r=1;t=([1-9]|10)");
        unpublish(LIMITED_KEY).expectStatus().isAccepted()
                .expectHeader().valueMatches("RateLimit", "\"per-client\";r=0;t=(1[1-9]|20)");

        unpublish(LIMITED_KEY).expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueMatches(HttpHeaders.RETRY_AFTER, "[1-9]|10")
                .expectHeader().valueEquals("RateLimit-Policy", "\"per-client\";q=2;w=20")
                .expectHeader().valueMatches("RateLimit", "\"per-client\";r=0;t=(1[1-9]|20)")
                .expectBody().jsonPath("$.status").isEqualTo(429)
                .jsonPath("$.title").isEqualTo("Too many requests");

        unpublish(PublishingIntegrationTests.DEV_KEY).expectStatus().isAccepted()
                .expectHeader().valueEquals("RateLimit-Policy", "\"per-client\";q=40;w=2");
    }

    @Test
    void aPreviewDrawsFromTheClientsBucketAsAPublishDoes() {
        unpublish(PREVIEWING_KEY).expectStatus().isAccepted();
        preview(PREVIEWING_KEY).expectStatus().isCreated()
                .expectHeader().valueEquals("RateLimit-Policy", "\"per-client\";q=2;w=20")
                .expectHeader().valueMatches("RateLimit", "\"per-client\";r=0;t=(1[1-9]|20)");

        // the unpublish and the preview took the bucket's two tokens: the next request of either kind waits
        preview(PREVIEWING_KEY).expectStatus().isEqualTo(429)
                .expectHeader().valueMatches(HttpHeaders.RETRY_AFTER, "[1-9]|10")
                .expectBody().jsonPath("$.code").isEqualTo("rate_limited");
        unpublish(PREVIEWING_KEY).expectStatus().isEqualTo(429);
    }

    @Test
    void aCaseDrawsFromTheClientsBucketAsAPublishDoes() {
        unpublish(CASING_KEY).expectStatus().isAccepted();
        publishCase(CASING_KEY).expectStatus().isAccepted()
                .expectHeader().valueEquals("RateLimit-Policy", "\"per-client\";q=2;w=20")
                .expectHeader().valueMatches("RateLimit", "\"per-client\";r=0;t=(1[1-9]|20)");

        // the unpublish and the case took the bucket's two tokens: the next request of either kind waits
        publishCase(CASING_KEY).expectStatus().isEqualTo(429)
                .expectHeader().valueMatches(HttpHeaders.RETRY_AFTER, "[1-9]|10")
                .expectBody().jsonPath("$.code").isEqualTo("rate_limited");
        unpublish(CASING_KEY).expectStatus().isEqualTo(429);
    }

    @Test
    void unauthenticatedRequestsAreRefusedBeforeAnyLimit() {
        http.delete().uri("/api/insights/some-insight").header(HttpHeaders.AUTHORIZATION, "Basic bGltaXRlZDprZXk=")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectHeader().doesNotExist("RateLimit")
                .expectBody().jsonPath("$.detail").isEqualTo("send the client's API key as 'Authorization: Bearer <key>'")
                .jsonPath("$.instance").isEqualTo("/api/insights/some-insight");
    }

    private WebTestClient.ResponseSpec preview(String authorization) {
        return http.post().uri("/api/previews").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .bodyValue(PreviewsIntegrationTests.DRAFT)
                .exchange();
    }

    private WebTestClient.ResponseSpec publishCase(String authorization) {
        return http.post().uri("/api/cases").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .bodyValue(CasesIntegrationTests.CASE)
                .exchange();
    }

    private WebTestClient.ResponseSpec unpublish(String authorization) {
        return http.delete().uri("/api/insights/rate-limited-insight")
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .exchange();
    }
}
