package io.zerone.insights.query.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/** The security headers of every response, error pages included; first, so that no filter answers without them. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityHeaders implements WebFilter {

    private final String contentSecurityPolicy;

    SecurityHeaders(HttpSettings settings) {
        this.contentSecurityPolicy = settings.contentSecurityPolicy();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set("Content-Security-Policy", contentSecurityPolicy);
            headers.set("X-Content-Type-Options", "nosniff");
            // a preview's address is its credential: its links to the site must not carry it in their Referer
            headers.set("Referrer-Policy", exchange.getRequest().getPath().value().startsWith("/preview/")
                    ? "no-referrer" : "strict-origin-when-cross-origin");
            return Mono.empty();
        });
        return chain.filter(exchange);
    }
}
