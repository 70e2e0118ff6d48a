package io.zerone.insights.ingest.web;

import java.time.Duration;

import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelException;
import io.zerone.insights.ingest.idempotency.IdempotencyKeyInFlightException;
import io.zerone.insights.ingest.idempotency.IdempotencyKeyReusedException;
import io.zerone.insights.ingest.idempotency.IdempotencyStoreUnavailableException;
import io.zerone.insights.ingest.publishing.BrokerUnavailableException;
import io.zerone.insights.ingest.publishing.IngestProperties;
import io.zerone.insights.ingest.publishing.InvalidInsightException;
import io.zerone.insights.ingest.publishing.PayloadTooLargeException;
import io.zerone.insights.ingest.publishing.SlugTakenException;
import reactor.core.publisher.Mono;

/**
 * Every rejection a handler raises as RFC 9457 problem+json, counted by reason in insights.ingest.rejected; the
 * security and rate-limit filters answer 401 and 429 alike through {@link ProblemResponses}. The reason is the
 * problem's {@code code} member too, so that a client tells two problems of one status apart (a slug taken from a
 * request in flight, both 409) without reading the title.
 */
@RestControllerAdvice
class Problems extends ResponseEntityExceptionHandler {

    /** The member of every problem that names it, stable across releases: its reason in insights.ingest.rejected. */
    static final String CODE = "code";

    private final MeterRegistry meters;
    private final IngestProperties properties;
    private final ServerTimeouts timeouts;

    Problems(MeterRegistry meters, IngestProperties properties, ServerTimeouts timeouts) {
        this.meters = meters;
        this.properties = properties;
        this.timeouts = timeouts;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalid(InvalidInsightException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid " + e.subject(), e.getMessage(), "invalid");
        problem.setProperty("errors", e.errors());
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> keyReused(IdempotencyKeyReusedException e) {
        return ResponseEntity.unprocessableContent()
                .body(problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused", e.getMessage(), "key_reused"));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> keyInFlight(IdempotencyKeyInFlightException e) {
        // the first attempt is answered within milliseconds, the ack timeout at worst: a client that follows
        // Retry-After asks again soon, rather than at once in a loop or never
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(IdempotencyKeyInFlightException.RETRY_AFTER.toSeconds()))
                .body(problem(HttpStatus.CONFLICT, "Request in progress", e.getMessage(), "key_in_flight"));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> keyStoreUnavailable(IdempotencyStoreUnavailableException e) {
        return unavailable("Idempotency key store unavailable",
                e.getMessage() + "; nothing was published, retry with the same Idempotency-Key", "key_store_unavailable");
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> slugTaken(SlugTakenException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(problem(HttpStatus.CONFLICT, "Slug taken", e.getMessage(), "slug_taken"));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(problem(HttpStatus.CONTENT_TOO_LARGE, "Request too large", e.getMessage(), "too_large"));
    }

    /**
     * The body stopped arriving ({@link SlowRequests}): answered before its end, so the connection cannot carry
     * another request and is closed. Any other ChannelException is the connection's own failure, left as it was.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> bodyTooSlow(ChannelException e) {
        if (!SlowRequests.timedOut(e)) {
            throw e;
        }
        return ResponseEntity.status(HttpStatus.REQUEST_TIMEOUT).header(HttpHeaders.CONNECTION, "close")
                .body(problem(HttpStatus.REQUEST_TIMEOUT, "Request timeout", "the request body did not arrive within "
                        + readable(timeouts.requestBodyTimeout()) + "; send it again", "request_timeout"));
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> brokerUnavailable(BrokerUnavailableException e) {
        return unavailable("Event store unavailable", e.getMessage() + "; retry with the same Idempotency-Key",
                "broker_unavailable");
    }

    /**
     * PostgreSQL refused or lost the connection, or the pool or a statement timed out: DatabaseClient raises these as
     * DataAccessResourceFailureException ("Failed to obtain R2DBC Connection") or a TransientDataAccessException. The
     * reads that depend on it (receipts, the webhook log) answer as every other store that is away does, not 500.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(DataAccessException e) {
        return unavailable("Database unavailable", "the database does not answer; retry later", "database_unavailable");
    }

    /** A 503 that tells the client when to retry: every store ingest depends on answers it the same way. */
    private ResponseEntity<ProblemDetail> unavailable(String title, String detail, String reason) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(properties.retryAfter().toSeconds()))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, title, detail, reason));
    }

    /**
     * A body the handler does not read (no Content-Type, or another than JSON): Spring's problem said nothing at all
     * for a request without one.
     */
    @Override
    protected Mono<ResponseEntity<Object>> handleUnsupportedMediaTypeStatusException(
            UnsupportedMediaTypeStatusException ex, HttpHeaders headers, HttpStatusCode status,
            ServerWebExchange exchange) {
        MediaType sent = exchange.getRequest().getHeaders().getContentType();
        ex.getBody().setDetail((sent == null ? "" : "a body of Content-Type " + sent + " is not read; ")
                + "send the body as JSON in UTF-8, with Content-Type: application/json");
        return super.handleUnsupportedMediaTypeStatusException(ex, headers, status, exchange);
    }

    /** A parameter that does not convert ({@code ?limit=abc}) is named with what it must be, not "Type mismatch.". */
    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (ex.getCause() instanceof TypeMismatchException mismatch && ex.getMethodParameter() != null) {
            ex.getBody().setDetail(ex.getMethodParameter().getParameterName() + " must be "
                    + expected(mismatch.getRequiredType()));
        }
        return super.handleServerWebInputException(ex, headers, status, exchange);
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        return type == null ? "of another type" : "a " + type.getSimpleName();
    }

    /**
     * Framework rejections (415, 405, missing parameters) keep their problem body and are counted too; their code is
     * their status's name ({@code unsupported_media_type}).
     */
    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode status, ServerWebExchange exchange) {
        String reason = reason(status);
        meters.counter("insights.ingest.rejected", "reason", reason).increment();
        return super.handleExceptionInternal(ex, body, headers, status, exchange).map(answer -> {
            if (answer.getBody() instanceof ProblemDetail problem) {
                problem.setProperty(CODE, reason);
            }
            return answer;
        });
    }

    private ProblemDetail problem(HttpStatus status, String title, String detail, String reason) {
        meters.counter("insights.ingest.rejected", "reason", reason).increment();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setProperty(CODE, reason);
        return problem;
    }

    private static String reason(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? Integer.toString(status.value()) : known.name().toLowerCase();
    }
}
