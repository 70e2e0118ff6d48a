package io.zerone.insights.ingest.tracing;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import reactor.core.publisher.Mono;

/**
 * Every answer names its trace in {@value #NAME}, also a 401 or a 429: an operator follows one publish from it
 * through the event's headers and every service's log lines. The trace is the editor's when the request carried a
 * W3C {@code traceparent}, else a new one.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class TraceIdHeader implements WebFilter {

    static final String NAME = "X-Trace-Id";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        // WebFlux starts the request's observation, and with it the span, before any filter runs
        ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(request -> request.<TracingContext>get(TracingContext.class))
                .map(TracingContext::getSpan)
                .map(span -> span.context().traceId())
                // set as the answer goes out, so that an error handler that resets the headers cannot drop it
                .ifPresent(traceId -> exchange.getResponse().beforeCommit(() -> {
                    exchange.getResponse().getHeaders().set(NAME, traceId);
                    return Mono.empty();
                }));
        return chain.filter(exchange);
    }
}
