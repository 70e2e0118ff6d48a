package io.zerone.insights.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** A real PostgreSQL for a Spring test context (R2DBC and Flyway settings); without Docker, {@link InProcessInfrastructure} points the context at an embedded server. */
@TestConfiguration(proxyBeanMethods = false)
class PostgresInfrastructure {

    static final String POSTGRES_IMAGE = "postgres:18-alpine";

    @Configuration(proxyBeanMethods = false)
    @Conditional(DockerAvailable.class)
    static class Container {

        @Bean
        @ServiceConnection
        PostgreSQLContainer postgresContainer() {
            return new PostgreSQLContainer(POSTGRES_IMAGE);
        }
    }

}
