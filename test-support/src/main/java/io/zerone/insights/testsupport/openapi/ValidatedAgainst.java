package io.zerone.insights.testsupport.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Every exchange of the test's auto-configured {@code WebTestClient} is validated against this OpenAPI description
 * (a classpath resource): a request or response it does not describe fails the test ({@link OpenApiExchangeFilter}).
 * The operations exercised are recorded, so that {@link OpenApiExchanges#assertEveryOperationExercised} can tell the
 * documented operations no test calls.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface ValidatedAgainst {

    /** The description's classpath resource, e.g. {@code openapi/query-service.yaml}. */
    String value();
}
