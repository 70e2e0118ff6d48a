package io.zerone.insights.testsupport.openapi;

import java.util.List;

import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/**
 * Adds the validating filter to the test context of every class annotated {@link ValidatedAgainst} (also as a
 * meta-annotation). Registered in spring.factories for every module that uses test-support; it touches no
 * WebTestClient class unless a test asks for validation, so modules without WebFlux tests are unaffected.
 */
public class OpenApiValidationCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        MergedAnnotation<ValidatedAgainst> validated = MergedAnnotations
                .from(testClass, SearchStrategy.TYPE_HIERARCHY).get(ValidatedAgainst.class);
        return validated.isPresent() ? new OpenApiValidationCustomizer(validated.getString("value")) : null;
    }
}
