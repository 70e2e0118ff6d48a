package io.zerone.insights.testsupport.openapi;

import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/** Registers a {@link WebTestClientBuilderCustomizer} that puts the validating filter on the auto-configured client. */
record OpenApiValidationCustomizer(String description) implements ContextCustomizer {

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
        OpenApiExchanges exchanges = OpenApiExchanges.of(description);
        WebTestClientBuilderCustomizer customizer = builder -> builder.filter(exchanges.filter());
        context.getBeanFactory().registerSingleton("openApiValidation", customizer);
    }
}
