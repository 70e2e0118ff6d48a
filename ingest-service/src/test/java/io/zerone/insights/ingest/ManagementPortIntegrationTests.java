package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.testsupport.WithKafka;
import io.zerone.insights.testsupport.WithPostgres;

/**
 * A deployment that gives the actuator a port of its own (docker-compose does, INSIGHTS_MANAGEMENT_PORT): the port
 * editorial systems reach answers its API and nothing of the actuator, whose metrics name topics, groups and request
 * counts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + IngestServiceApplication.CONFIG_NAME, "INSIGHTS_MANAGEMENT_PORT=0"})
@WithKafka
@WithPostgres
class ManagementPortIntegrationTests {

    @LocalServerPort
    int serverPort;

    @LocalManagementPort
    int managementPort;

    @Test
    void theActuatorAnswersOnItsOwnPortAndNotOnThePortEditorialSystemsReach() {
        assertThat(managementPort).isNotEqualTo(serverPort);
        WebTestClient api = client(serverPort);
        WebTestClient management = client(managementPort);

        management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(metrics -> assertThat(metrics).contains("application=\"ingest-service\""));

        api.get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
        api.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
        api.get().uri("/openapi.yaml").exchange().expectStatus().isOk();
    }

    private static WebTestClient client(int port) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }
}
