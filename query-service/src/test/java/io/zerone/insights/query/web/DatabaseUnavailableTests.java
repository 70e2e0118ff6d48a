package io.zerone.insights.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponseException;

import io.r2dbc.spi.R2dbcNonTransientResourceException;

class DatabaseUnavailableTests {

    private final DatabaseUnavailable unavailable = DatabaseUnavailable.retryingAfter(Duration.ofSeconds(5));

    @Test
    void aReadInATransactionThatGetsNoConnectionIsUnavailableNotAFault() {
        // what R2dbcTransactionManager raises when the pool gives no connection (a search, a sync page)
        Throwable failure = new CannotCreateTransactionException("Could not open R2DBC Connection for transaction",
                new TimeoutException("no connection within 2 s"));

        Throwable answered = unavailable.translate(failure);

        assertThat(answered).isInstanceOfSatisfying(ErrorResponseException.class, problem -> {
            assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(problem.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        });
    }

    @Test
    void aStatementCancelledAtTheReadTimeoutIsNoUnreachableDatabase() {
        // as r2dbc-postgresql raises SQLSTATE 57014 (any class it does not know is a resource failure), translated
        Throwable failure = new DataAccessResourceFailureException("executeMany; SQL [select ...]",
                new R2dbcNonTransientResourceException("canceling statement due to statement timeout", "57014"));

        assertThat(unavailable.translate(failure)).isSameAs(failure);
    }

    @Test
    void aDatabaseThatAnswersWithAnErrorOfItsOwnIsAFaultNotAnOutage() {
        // r2dbc-postgresql raises SQLSTATEs it does not map as non-transient resource failures, as it does a broken
        // connection; Spring translates both to DataAccessResourceFailureException
        Throwable internalError = new DataAccessResourceFailureException("executeMany; SQL [select ...]",
                new R2dbcNonTransientResourceException("could not open relation", "XX000"));
        Throwable shutDown = new DataAccessResourceFailureException("executeMany; SQL [select ...]",
                new R2dbcNonTransientResourceException("terminating connection due to administrator command", "57P01"));
        Throwable tooManyClients = new DataAccessResourceFailureException("executeMany; SQL [select ...]",
                new R2dbcNonTransientResourceException("sorry, too many clients already", "53300"));
        Throwable refused = new DataAccessResourceFailureException("Failed to obtain R2DBC Connection",
                new R2dbcNonTransientResourceException("Connection refused: localhost/127.0.0.1:5432"));

        assertThat(unavailable.translate(internalError)).isSameAs(internalError);
        for (Throwable outage : List.of(shutDown, tooManyClients, refused)) {
            assertThat(unavailable.translate(outage)).as(outage.getCause().getMessage())
                    .isInstanceOfSatisfying(ErrorResponseException.class, problem ->
                            assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        }
    }

    @Test
    void anyOtherFailureStaysAsItIs() {
        Throwable failure = new IllegalStateException("a bug");

        assertThat(unavailable.translate(failure)).isSameAs(failure);
    }
}
