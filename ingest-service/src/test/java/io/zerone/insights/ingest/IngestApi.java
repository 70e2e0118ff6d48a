package io.zerone.insights.ingest;

import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

import io.zerone.insights.testsupport.openapi.OpenApiExchanges;

/** The OpenAPI description every integration test validates its exchanges against. */
final class IngestApi {

    static final String DESCRIPTION = "openapi/ingest-service.yaml";

    private IngestApi() {
    }

    /** For the clients built by hand (the tests that start the service themselves). */
    static ExchangeFilterFunction validated() {
        return OpenApiExchanges.of(DESCRIPTION).filter();
    }
}
