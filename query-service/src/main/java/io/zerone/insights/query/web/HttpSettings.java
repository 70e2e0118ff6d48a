package io.zerone.insights.query.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxAge how long browsers and proxies may use a response without asking again
 * @param staleWhileRevalidate how long after that they may serve it while they revalidate in the background
 * @param contentSecurityPolicy sent with every response; no inline script is allowed
 * @param retryAfter what a 503 asks a client to wait while the database is unreachable
 */
@ConfigurationProperties("query.http")
record HttpSettings(
        @DefaultValue("60s") Duration maxAge,
        @DefaultValue("300s") Duration staleWhileRevalidate,
        // https: images: render-service keeps an insight's images from https URLs, and the reader's browser loads them
        @DefaultValue("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
                + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
        String contentSecurityPolicy,
        @DefaultValue("5s") Duration retryAfter) {
}
