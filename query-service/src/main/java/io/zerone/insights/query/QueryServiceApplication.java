package io.zerone.insights.query;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Reads {@code query-service.properties}, not {@code application.properties}: the dev stack runs every service in
 * one JVM, and each needs its own configuration file.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryServiceApplication {

    /** Its own config name, so that the dev stack can run every service in one JVM. */
    public static final String CONFIG_NAME = "query-service";

    public static void main(String[] args) {
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(QueryServiceApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }
}
