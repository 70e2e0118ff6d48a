package io.zerone.insights.ingest;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A series' value in the Prometheus scrape, as a dashboard reads it. A meter registered up front shows at 0, so a test
 * compares values read before and after, never the series' presence alone.
 */
final class ScrapedMetrics {

    private ScrapedMetrics() {
    }

    /** The value of {@code series} (name and labels, as in the scrape); 0 while no such series is there. */
    static double value(WebTestClient http, String series) {
        String scrape = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return scrape.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length()).trim().split(" ")[0]))
                .findFirst().orElse(0);
    }
}
