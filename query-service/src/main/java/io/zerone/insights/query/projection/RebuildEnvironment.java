package io.zerone.insights.query.projection;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The rebuild command runs beside the service, often on the same host: it must not open the service's port. Decided
 * before the application context exists, so it is an environment post-processor (META-INF/spring.factories).
 */
class RebuildEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getProperty("query.projection.rebuild", Boolean.class, false)) {
            environment.getPropertySources().addFirst(new MapPropertySource("projectionRebuild",
                    Map.of("spring.main.web-application-type", "none")));
        }
    }
}
