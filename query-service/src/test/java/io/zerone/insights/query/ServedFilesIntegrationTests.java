package io.zerone.insights.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What the service serves besides insights: its API description, the probes, the sitemap and the icon. */
@QueryServiceIntegrationTest
class ServedFilesIntegrationTests {

    @Autowired
    WebTestClient http;

    @Test
    void servesItsOpenApiDescription() throws Exception {
        byte[] served = http.get().uri("/openapi.yaml").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("application/yaml")
                .expectHeader().cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .expectBody().returnResult().getResponseBody();

        assertThat(served).isEqualTo(new ClassPathResource(QueryApi.DESCRIPTION).getContentAsByteArray());
    }

    @Test
    void healthProbesAnswerUp() {
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

    @Test
    void sitemapIsServedAndTheMissingIconAnsweredEmpty() {
        http.get().uri("/sitemap.xml").exchange().expectStatus().isOk();
        http.get().uri("/favicon.ico").exchange().expectStatus().isNoContent();
    }
}
