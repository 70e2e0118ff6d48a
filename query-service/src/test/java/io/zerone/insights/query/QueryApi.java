package io.zerone.insights.query;

import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

import io.zerone.insights.testsupport.openapi.OpenApiExchanges;

/** The OpenAPI description every integration test validates its exchanges against. */
public final class QueryApi {

    public static final String DESCRIPTION = "openapi/query-service.yaml";

    private QueryApi() {
    }

    /** For the clients built by hand. */
    public static ExchangeFilterFunction validated() {
        return OpenApiExchanges.of(DESCRIPTION).filter();
    }
}
