package io.zerone.insights.query;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.zerone.insights.testsupport.openapi.OpenApiExchanges;

/**
 * Every exchange of the other integration tests was validated against the description as it happened
 * ({@code @ValidatedAgainst} on {@link QueryServiceIntegrationTest}); this class runs after them all
 * (junit-platform.properties orders classes by {@code @Order}) and fails if an operation the description promises was
 * never exercised, so that a documented but untested operation shows up as surely as an undocumented one.
 */
@Order(Integer.MAX_VALUE)
class ApiDescriptionIntegrationTests {

    @Test
    void everyDocumentedOperationWasExercisedByAValidatedExchange() {
        OpenApiExchanges description = OpenApiExchanges.of(QueryApi.DESCRIPTION);
        assumeTrue(description.anyExercised(), "only meaningful after the module's other integration tests");

        description.assertEveryOperationExercised();
    }
}
