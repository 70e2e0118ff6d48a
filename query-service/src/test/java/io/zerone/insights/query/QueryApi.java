package io.zerone.insights.query;

/** The OpenAPI description every integration test validates its exchanges against. */
public final class QueryApi {

    public static final String DESCRIPTION = "openapi/query-service.yaml";

    private QueryApi() {
    }
}
