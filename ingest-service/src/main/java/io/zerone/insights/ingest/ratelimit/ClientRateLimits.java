package io.zerone.insights.ingest.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.zerone.insights.ingest.auth.EditorialClient;
import io.zerone.insights.ingest.web.ProblemResponses;
import reactor.core.publisher.Mono;

/**
 * Each client's requests draw from its own token bucket (Bucket4j, in this replica's memory: with N replicas behind
 * a load balancer a client gets up to N times its limit). Every answer to a client carries the IETF RateLimit
 * headers; a request past the limit gets 429 with Retry-After and never reaches a handler. Runs after Spring
 * Security's chain (order -100), where the client is known; unauthenticated requests never get here.
 */
@Component
@Order(0)
class ClientRateLimits implements WebFilter {

    static final String POLICY = "RateLimit-Policy";
    static final String STATE = "RateLimit";
    private static final String NAME = "\"per-client\"";

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ProblemResponses problems;

    ClientRateLimits(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .mapNotNull(authentication -> authentication.getPrincipal() instanceof EditorialClient client ? client : null)
                .flatMap(client -> limit(client, exchange, chain).thenReturn(true))
                .switchIfEmpty(Mono.defer(() -> chain.filter(exchange).thenReturn(true)))
                .then();
    }

    private Mono<Void> limit(EditorialClient client, ServerWebExchange exchange, WebFilterChain chain) {
        EditorialClient.RateLimit limit = client.rateLimit();
        ConsumptionProbe probe = buckets.computeIfAbsent(client.id(), id -> bucket(limit)).tryConsumeAndReturnRemaining(1);
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set(POLICY, NAME + ";q=" + limit.burst() + ";w=" + seconds(refillTime(limit).toNanos()));
        headers.set(STATE, NAME + ";r=" + probe.getRemainingTokens() + ";t=" + seconds(probe.getNanosToWaitForReset()));
        if (probe.isConsumed()) {
            return chain.filter(exchange);
        }
        long retryAfter = Math.max(1, seconds(probe.getNanosToWaitForRefill()));
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
                "client " + client.id() + " may send " + limit.burst() + " requests at once and "
                        + limit.requestsPerSecond() + " per second; retry after " + retryAfter + " s",
                "rate_limited");
    }

    /** Greedy refill: tokens come back continuously, the whole burst within burst / requests-per-second. */
    private static Bucket bucket(EditorialClient.RateLimit limit) {
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.burst()).refillGreedy(limit.burst(), refillTime(limit)))
                .build();
    }

    private static Duration refillTime(EditorialClient.RateLimit limit) {
        return Duration.ofNanos(Math.round(limit.burst() / limit.requestsPerSecond() * 1e9));
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
