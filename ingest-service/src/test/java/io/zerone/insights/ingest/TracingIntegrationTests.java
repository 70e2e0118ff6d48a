package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.zerone.insights.events.EventTracing;
import io.zerone.insights.testsupport.openapi.ValidatedAgainst;
import io.zerone.insights.testsupport.SeedInsights;
import io.zerone.insights.testsupport.WithKafka;
import io.zerone.insights.testsupport.WithPostgres;

/**
 * The editor's trace reaches the answer and the event (docs/adr/0016). The same configuration as
 * {@link PublishingIntegrationTests}, so the two share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + IngestServiceApplication.CONFIG_NAME)
@ValidatedAgainst(IngestApi.DESCRIPTION)
@AutoConfigureWebTestClient
@WithKafka
@WithPostgres
class TracingIntegrationTests {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationContext context;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    InsightEventsTopic topic;

    @BeforeEach
    void readTopicFromItsCurrentEnd() {
        topic = new InsightEventsTopic(bootstrapServers);
    }

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void publishContinuesTheEditorsTraceIntoTheAnswerAndTheEventHeaders() {
        String payload = SeedInsights.payloads().get(0);

        http.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .header(EventTracing.TRACEPARENT, TRACEPARENT)
                .bodyValue(payload)
                .exchange()
                .expectStatus().isAccepted()
                .expectHeader().valueEquals("X-Trace-Id", TRACE_ID);

        ConsumerRecord<String, byte[]> record = topic.exactly(1).get(0);
        // the hop's context and the CloudEvents extension: the request's span, in the editor's trace
        String traceparent = InsightEventsTopic.header(record, EventTracing.TRACEPARENT);
        assertThat(EventTracing.traceId(traceparent)).isEqualTo(TRACE_ID);
        assertThat(traceparent).isNotEqualTo(TRACEPARENT);
        assertThat(InsightEventsTopic.header(record, EventTracing.CE_TRACEPARENT)).isEqualTo(traceparent);
        assertThat(record.headers().headers(EventTracing.TRACEPARENT)).hasSize(1);
    }

    @Test
    void requestWithoutTraceparentStartsATraceThatItsAnswerAndEventShare() {
        http.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, PublishingIntegrationTests.DEV_KEY)
                .bodyValue(SeedInsights.payloads().get(1))
                .exchange()
                .expectStatus().isAccepted()
                .expectHeader().value("X-Trace-Id", traceId -> {
                    List<ConsumerRecord<String, byte[]>> records = topic.exactly(1);
                    assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo(TRACE_ID);
                    assertThat(EventTracing.traceId(InsightEventsTopic.header(records.get(0),
                            EventTracing.CE_TRACEPARENT))).isEqualTo(traceId);
                });
    }

    @Test
    void exportsNoSpansWhileNoEndpointIsSet() {
        assertThat(context.getBeansOfType(SpanExporter.class)).isEmpty();
    }

    @Test
    void rejectedRequestNamesItsTraceToo() {
        http.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(EventTracing.TRACEPARENT, TRACEPARENT)
                .bodyValue("{}")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("X-Trace-Id", TRACE_ID);
    }
}
