package io.zerone.insights.query.web;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;

/**
 * A read that missed the cache while PostgreSQL is unreachable: 503 problem+json with Retry-After, never a 500, so a
 * client or a proxy knows to try again. What the cache holds is still served meanwhile ({@code cache.ResponseCache}).
 * Any other database failure stays a 500: it is a fault, not an outage.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseUnavailable {

    /** Failures that mean the database cannot be reached now: no connection, a broken one, or none in time. */
    private static final List<Class<? extends Throwable>> UNREACHABLE = List.of(
            DataAccessResourceFailureException.class, TransientDataAccessException.class,
            R2dbcNonTransientResourceException.class, R2dbcTransientException.class, ConnectException.class,
            ClosedChannelException.class, TimeoutException.class);

    private final long retryAfterSeconds;

    DatabaseUnavailable(HttpSettings settings) {
        this.retryAfterSeconds = Math.max(1, settings.retryAfter().toSeconds());
    }

    @ExceptionHandler({DataAccessException.class, R2dbcException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception failure) throws Exception {
        if (!unreachable(failure)) {
            throw failure;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The database did not answer and this response is not cached; try again shortly.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds))
                .cacheControl(CacheControl.noStore())
                .body(problem);
    }

    static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (Class<? extends Throwable> kind : UNREACHABLE) {
                if (kind.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }
}
