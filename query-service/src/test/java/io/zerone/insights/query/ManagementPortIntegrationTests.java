package io.zerone.insights.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.zerone.insights.testsupport.WithKafka;
import io.zerone.insights.testsupport.WithPostgres;

/**
 * A deployment that gives the actuator a port of its own (docker-compose does, INSIGHTS_MANAGEMENT_PORT): the port
 * visitors reach answers the site and the API and nothing of the actuator, whose metrics name paths, topics and
 * request counts. Its own context, closed after the class: its projector would otherwise stay in the consumer group
 * beside the shared context's.
 */
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + QueryServiceApplication.CONFIG_NAME, "INSIGHTS_MANAGEMENT_PORT=0"})
@WithKafka
@WithPostgres
@DirtiesContext
class ManagementPortIntegrationTests {

    @LocalServerPort
    int serverPort;

    @LocalManagementPort
    int managementPort;

    @Test
    void theActuatorAnswersOnItsOwnPortAndNotOnThePortVisitorsReach() {
        assertThat(managementPort).isNotEqualTo(serverPort);
        WebTestClient site = client(serverPort);
        WebTestClient management = client(managementPort);

        management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(metrics -> assertThat(metrics).contains("application=\"query-service\""));

        site.get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
        site.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
        site.get().uri("/insights").exchange().expectStatus().isOk();
        site.get().uri("/api/insights").exchange().expectStatus().isOk();
    }

    private static WebTestClient client(int port) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }
}
