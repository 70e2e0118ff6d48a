package io.zerone.insights.ingest;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestServiceApplication {

    /** Its own config name, so that the dev stack can run every service in one JVM. */
    public static final String CONFIG_NAME = "ingest-service";

    public static void main(String[] args) {
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(IngestServiceApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    /**
     * Ticks in microseconds, as PostgreSQL and every consumer keep times: each time ingest answers or sends (an event's
     * ce_time, a receipt's accepted step, a preview's expiry, a default publishedAt) is one they can repeat exactly.
     */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
