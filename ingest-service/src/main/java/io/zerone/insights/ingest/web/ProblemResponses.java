package io.zerone.insights.ingest.web;

import java.net.URI;
import java.util.Map;

import org.springframework.core.ResolvableType;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Problem+json written by a web filter (401 from security, 429 from the rate limits), before any controller runs.
 * It goes through the same codecs as a controller's ProblemDetail, so both look alike, and is counted in
 * insights.ingest.rejected like every other rejection.
 */
@Component
public class ProblemResponses {

    private static final ResolvableType PROBLEM = ResolvableType.forClass(ProblemDetail.class);

    private final HttpMessageWriter<?> writer;
    private final MeterRegistry meters;

    ProblemResponses(ServerCodecConfigurer codecs, MeterRegistry meters) {
        this.writer = codecs.getWriters().stream()
                .filter(candidate -> candidate.canWrite(PROBLEM, MediaType.APPLICATION_PROBLEM_JSON))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no codec writes application/problem+json"));
        this.meters = meters;
    }

    public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String title, String detail, String reason) {
        meters.counter("insights.ingest.rejected", "reason", reason).increment();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setProperty(Problems.CODE, reason);
        // as WebFlux does for a controller's problem
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        exchange.getResponse().setStatusCode(status);
        @SuppressWarnings("unchecked")
        HttpMessageWriter<ProblemDetail> problems = (HttpMessageWriter<ProblemDetail>) writer;
        return problems.write(Mono.just(problem), PROBLEM, MediaType.APPLICATION_PROBLEM_JSON, exchange.getResponse(),
                Map.of());
    }
}
