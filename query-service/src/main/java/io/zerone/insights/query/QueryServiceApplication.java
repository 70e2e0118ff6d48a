package io.zerone.insights.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Reads {@code query-service.properties}, not {@code application.properties}: the dev stack runs every service in
 * one JVM, and each needs its own configuration file.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryServiceApplication {

    public static final String CONFIG_NAME = "query-service";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as main runs it, for the dev stack to start in its own JVM. */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(QueryServiceApplication.class);
        application.setDefaultProperties(java.util.Map.of("spring.config.name", CONFIG_NAME));
        return application;
    }
}
