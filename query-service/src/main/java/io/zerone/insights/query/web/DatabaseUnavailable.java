package io.zerone.insights.query.web;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;

/**
 * A read that missed the cache while PostgreSQL is unreachable: 503 problem+json with Retry-After, never a 500, so a
 * client or a proxy knows to try again. What the cache holds is still served meanwhile ({@code cache.ResponseCache},
 * through which every read goes). A statement cancelled at its timeout is not this (the readers answer it
 * themselves), and any other database failure stays a 500: it is a fault, not an outage.
 */
@Component
public class DatabaseUnavailable {

    /**
     * Failures that mean the database cannot be reached now: no connection, or a broken one. A read in a transaction
     * (search, sync) that gets no connection fails as CannotCreateTransactionException, not as the
     * DataAccessResourceFailureException of a read without one.
     */
    private static final List<Class<? extends Throwable>> UNREACHABLE = List.of(
            DataAccessResourceFailureException.class, TransientDataAccessResourceException.class,
            CannotCreateTransactionException.class,
            R2dbcNonTransientResourceException.class, R2dbcTransientResourceException.class, ConnectException.class,
            ClosedChannelException.class);

    private final String retryAfterSeconds;

    @Autowired
    DatabaseUnavailable(HttpSettings settings) {
        this(settings.retryAfter());
    }

    private DatabaseUnavailable(Duration retryAfter) {
        this.retryAfterSeconds = String.valueOf(Math.max(1, retryAfter.toSeconds()));
    }

    /** For a cache outside the application, as a unit test makes one. */
    public static DatabaseUnavailable retryingAfter(Duration retryAfter) {
        return new DatabaseUnavailable(retryAfter);
    }

    /** The failure as a 503 problem when it means the database is unreachable; any other failure unchanged. */
    public Throwable translate(Throwable failure) {
        if (!unreachable(failure)) {
            return failure;
        }
        return Problems.unavailable("The database did not answer and this response is not cached; try again shortly.",
                retryAfterSeconds, failure);
    }

    /**
     * A failed read as its answer: a statement cancelled at the read timeout as {@link Problems#timedOut}, an
     * unreachable database as {@link #translate}, anything else unchanged. Every read maps its failure here.
     */
    public Throwable translateRead(Throwable failure) {
        return ReadTimeout.is(failure) ? Problems.timedOut(failure) : translate(failure);
    }

    static boolean unreachable(Throwable failure) {
        if (ReadTimeout.is(failure)) {
            // r2dbc-postgresql raises the cancelled statement (SQLSTATE 57014) as a non-transient resource failure,
            // which the checks below would take for an unreachable database
            return false;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof R2dbcException answered && answered.getSqlState() != null
                    && !answered.getSqlState().isBlank()) {
                // PostgreSQL answered: r2dbc-postgresql raises every SQLSTATE class it does not map (XX internal
                // error, P0 raised by a function, 55 object not in prerequisite state...) as a non-transient
                // resource failure, and Spring that as the DataAccessResourceFailureException of an outage
                return isOutage(answered.getSqlState());
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (Class<? extends Throwable> kind : UNREACHABLE) {
                if (kind.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * SQLSTATEs of a database that cannot serve now: class 08 (connection exception), 53 (insufficient resources: out
     * of connections, memory or disk), 57P01-57P05 (shut down, restarting, cannot connect now, idle too long).
     */
    private static boolean isOutage(String sqlState) {
        return sqlState.startsWith("08") || sqlState.startsWith("53") || sqlState.startsWith("57P");
    }
}
