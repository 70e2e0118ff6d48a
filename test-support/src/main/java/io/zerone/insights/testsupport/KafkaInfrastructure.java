package io.zerone.insights.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.testcontainers.kafka.KafkaContainer;

/** A real broker for a Spring test context; without Docker, {@link InProcessInfrastructure} points the context at an in-process broker. */
@TestConfiguration(proxyBeanMethods = false)
class KafkaInfrastructure {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.0";

    @Configuration(proxyBeanMethods = false)
    @Conditional(DockerAvailable.class)
    static class Container {

        @Bean
        @ServiceConnection
        KafkaContainer kafkaContainer() {
            return Infrastructure.kafkaContainer();
        }
    }

}
