package io.zerone.insights.query.web;

import java.net.URI;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * {@code /insights/} is {@code /insights}: a GET or HEAD of a path that ends in a slash is redirected permanently to
 * the path without it, query kept (a preview's excepted). Spring no longer matches the two alike, and a visitor (or a
 * link elsewhere) that adds the slash got a 404. {@link SecurityHeaders} runs first, so the redirect carries them too.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class TrailingSlash implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        HttpMethod method = exchange.getRequest().getMethod();
        boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
        // a preview's address holds its secret token, which no cacheable redirect should repeat
        if (path.length() < 2 || !path.endsWith("/") || !read || path.startsWith("/preview/")) {
            return chain.filter(exchange);
        }
        // one leading slash: "//evil.example/" must not become a redirect to another host
        String trimmed = "/" + path.replaceAll("^/+|/+$", "");
        String query = exchange.getRequest().getURI().getRawQuery();
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.MOVED_PERMANENTLY);
        response.getHeaders().setLocation(URI.create(query == null ? trimmed : trimmed + "?" + query));
        return response.setComplete();
    }
}
