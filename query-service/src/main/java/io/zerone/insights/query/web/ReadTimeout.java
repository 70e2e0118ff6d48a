package io.zerone.insights.query.web;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.QueryTimeoutException;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.R2dbcException;

/**
 * Every statement of a request is bounded: the reader connections start with PostgreSQL's {@code statement_timeout},
 * so a pathological query is cancelled by the server (SQLSTATE 57014) and its connection returns to the pool, where
 * a client-side timeout would leave the statement running. Callers turn the cancellation into a 503. (The lookups by
 * slug add a client-side one beyond it, for a connection that stopped answering at all: docs/adr/0027.)
 */
@Configuration(proxyBeanMethods = false)
public class ReadTimeout {

    private static final String QUERY_CANCELED = "57014";

    /** @param statementTimeout the longest a statement of a request may run (the projector's JDBC is not bounded) */
    @ConfigurationProperties("query.read")
    public record ReadSettings(@DefaultValue("2s") Duration statementTimeout) {
    }

    @Bean
    ConnectionFactoryOptionsBuilderCustomizer statementTimeout(ReadSettings settings) {
        return options -> options.option(PostgresqlConnectionFactoryProvider.OPTIONS,
                Map.of("statement_timeout", Long.toString(settings.statementTimeout().toMillis())));
    }

    /** Whether the failure is a statement the server cancelled at the timeout. */
    public static boolean is(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof QueryTimeoutException
                    || cause instanceof R2dbcException r2dbc && QUERY_CANCELED.equals(r2dbc.getSqlState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
