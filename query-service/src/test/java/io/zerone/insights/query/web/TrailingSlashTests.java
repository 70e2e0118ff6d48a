package io.zerone.insights.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import reactor.core.publisher.Mono;

class TrailingSlashTests {

    private final TrailingSlash filter = new TrailingSlash();

    @Test
    void aPathOfSeveralLeadingSlashesIsRedirectedOnThisSiteNeverToTheHostItNames() {
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.method(HttpMethod.GET, URI.create("http://localhost:8080//evil.example/?q=1"))
                        .build());

        filter.filter(exchange, unused -> Mono.error(new AssertionError("passed on"))).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.MOVED_PERMANENTLY);
        assertThat(exchange.getResponse().getHeaders().getLocation()).isEqualTo(URI.create("/evil.example?q=1"));
    }

    @Test
    void aWriteIsPassedOnAsItCame() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/insights/").build());
        boolean[] passed = {false};

        filter.filter(exchange, unused -> Mono.fromRunnable(() -> passed[0] = true)).block();

        assertThat(passed[0]).isTrue();
        assertThat(exchange.getResponse().getStatusCode()).isNull();
    }
}
