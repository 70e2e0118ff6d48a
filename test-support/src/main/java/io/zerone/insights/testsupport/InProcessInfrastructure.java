package io.zerone.insights.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Without Docker, points a test context marked {@link WithKafka} or {@link WithPostgres} at the in-process broker
 * and the embedded PostgreSQL. The properties go into the environment before the context refreshes, because
 * Boot's auto-configuration conditions (the R2DBC URL, for one) read them while parsing configuration.
 */
record InProcessInfrastructure(boolean kafka, boolean postgres) implements ContextCustomizer {

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
        if (Infrastructure.dockerAvailable()) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        if (kafka) {
            properties.put("spring.kafka.bootstrap-servers", Infrastructure.embeddedKafkaBootstrapServers());
        }
        if (postgres) {
            properties.putAll(Infrastructure.database().springProperties());
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("inProcessInfrastructure", properties));
    }

    static class Factory implements ContextCustomizerFactory {

        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
            boolean kafka = TestContextAnnotationUtils.hasAnnotation(testClass, WithKafka.class);
            boolean postgres = TestContextAnnotationUtils.hasAnnotation(testClass, WithPostgres.class);
            return kafka || postgres ? new InProcessInfrastructure(kafka, postgres) : null;
        }
    }
}
