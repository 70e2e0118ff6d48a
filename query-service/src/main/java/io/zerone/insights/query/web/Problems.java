package io.zerone.insights.query.web;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.reactive.resource.NoResourceFoundException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The one exception advice of the service: every {@link ErrorResponseException} a handler raises (an
 * {@link Params.InvalidParameter}, a {@link #problem}, {@link #timedOut}, {@link DatabaseUnavailable}) and every error
 * WebFlux raises itself becomes an RFC 9457 problem+json body, as Boot's own problem-details advice would write it
 * (this advice replaces that one: Boot backs off when the application declares a
 * {@link ResponseEntityExceptionHandler}). An address nothing answers (WebFlux hands it to the static resource
 * handler, which gives up) gets the site's 404 page in the site layout, or the problem for {@code /api/**}. The pages
 * answer their own errors with error pages ({@link Pages#errorResponse}).
 */
@ControllerAdvice
public class Problems extends ResponseEntityExceptionHandler {

    private final Pages pages;

    Problems(Pages pages) {
        this.pages = pages;
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<?> notFound(ServerHttpRequest request) {
        if (request.getPath().value().startsWith("/api/")) {
            return ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such API resource."))
                    .build();
        }
        return pages.errorResponse(HttpStatus.NOT_FOUND, "There is nothing at this address.");
    }

    /**
     * A method the resource does not take. WebFlux names in {@code Allow} only the methods of its mappings, GET, although
     * it answers HEAD for every GET mapping and OPTIONS for every mapping: the 405 names every method the resource takes
     * (RFC 9110), in its header and its detail.
     */
    @Override
    protected Mono<ResponseEntity<Object>> handleMethodNotAllowedException(MethodNotAllowedException refused,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        Set<HttpMethod> taken = new LinkedHashSet<>(refused.getSupportedMethods());
        if (taken.contains(HttpMethod.GET)) {
            taken.add(HttpMethod.HEAD);
        }
        taken.add(HttpMethod.OPTIONS);
        MethodNotAllowedException named = new MethodNotAllowedException(refused.getHttpMethod(), taken);
        return super.handleMethodNotAllowedException(named, named.getHeaders(), status, exchange);
    }

    /** A problem with this status and detail, for a handler to raise. */
    public static ErrorResponseException problem(HttpStatus status, String detail) {
        return problem(status, detail, null);
    }

    static ErrorResponseException problem(HttpStatus status, String detail, Throwable cause) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), cause);
    }

    /** 503, to be tried again after {@code retryAfterSeconds}, never stored: the database away, a replica too busy. */
    public static ErrorResponseException unavailable(String detail, String retryAfterSeconds, Throwable cause) {
        ErrorResponseException unavailable = problem(HttpStatus.SERVICE_UNAVAILABLE, detail, cause);
        unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
        unavailable.getHeaders().setCacheControl(CacheControl.noStore());
        return unavailable;
    }

    /** A read the database cancelled at the statement timeout: the service is overloaded, not the request wrong. */
    public static ErrorResponseException timedOut(Throwable cause) {
        ErrorResponseException unavailable = problem(HttpStatus.SERVICE_UNAVAILABLE,
                "The database did not answer in time. Please try again in a moment.", cause);
        unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return unavailable;
    }
}
