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

    static final String PROPERTY = "query.projection.rebuild";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (rebuild(environment.getProperty(PROPERTY))) {
            environment.getPropertySources().addFirst(new MapPropertySource("projectionRebuild",
                    Map.of("spring.main.web-application-type", "none")));
        }
    }

    /**
     * Only {@code true} or {@code false}, in any case, as the conditions match them: Spring's conversion would read "yes", "on" or "1" as true, while the
     * conditions that choose between the command and the service match the word itself, so "yes" started neither
     * and exited 0 having rebuilt nothing, and a bare {@code --query.projection.rebuild} started a second service.
     */
    static boolean rebuild(String value) {
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalStateException(PROPERTY + " must be true (run the rebuild command) or false (run the service),"
                + " not '" + value + "'");
    }
}
