package io.zerone.insights.render;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * render-service: consumes insight-events, publishes insight-rendered. Its settings live in render-service.properties
 * (not application.properties), so that dev-stack can run it in one JVM with the other services.
 */
@SpringBootApplication
public class RenderServiceApplication {

    /** Its own config name, so that dev-stack can run every service in one JVM. */
    public static final String CONFIG_NAME = "render-service";

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application as dev-stack starts it: {@code RenderServiceApplication.builder().run()}. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(RenderServiceApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }
}
