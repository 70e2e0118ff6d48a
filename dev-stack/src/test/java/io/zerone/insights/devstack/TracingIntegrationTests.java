package io.zerone.insights.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import io.zerone.insights.events.EventTracing;
import io.zerone.insights.events.Topics;
import io.zerone.insights.testsupport.Infrastructure;

/**
 * One publish followed end to end by the trace id of the editor's request (docs/adr/0016): in ingest-service's
 * answer, in the headers of the event and of its rendering, and in the log lines of all three services, on one
 * real broker and database.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingIntegrationTests {

    static final String TRACE_ID = "5c1e0d7a9b3f4e2d8c6b4a2f0e1d3c5b";
    static final String TRACEPARENT = "00-" + TRACE_ID + "-a1b2c3d4e5f60718-01";
    static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);
    static final String DEV_KEY = "Bearer dev-insights-key";

    static final String SLUG = "traced-publish-" + Long.toHexString(System.nanoTime());

    static StackServices stack;
    static WebClient ingest;
    static WebClient site;

    @BeforeAll
    static void startTheThreeServices() {
        Infrastructure.Database database = Infrastructure.database();
        List<String> arguments = new ArrayList<>(database.commandLineArguments());
        arguments.add("--server.port=0");
        arguments.add("--spring.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrapServers());
        // the per-record lines are DEBUG: at INFO they would be two lines per insight at the pipeline's throughput
        arguments.add("--logging.level.io.zerone.insights=DEBUG");
        stack = StackServices.start(arguments.toArray(String[]::new));
        ingest = WebClient.create("http://localhost:" + stack.port("ingest-service"));
        site = WebClient.create("http://localhost:" + stack.port("query-service"));
    }

    /**
     * The broker and database outlive this class: the insight goes again, so that the pipeline test, which counts
     * the seed insights on the site, finds what it published alone.
     */
    @AfterAll
    static void unpublishAndStop() {
        if (stack == null) {
            return;
        }
        try {
            ingest.delete().uri("/api/insights/" + SLUG).header(HttpHeaders.AUTHORIZATION, DEV_KEY)
                    .exchangeToMono(response -> response.releaseBody()).block();
            await().atMost(VISIBLE_WITHIN).until(() -> status("/api/insights/" + SLUG) == HttpStatus.GONE);
        } finally {
            stack.close();
        }
    }

    @Test
    void onePublishKeepsTheEditorsTraceIdThroughEveryServiceTopicAndLog(CapturedOutput output) {
        String slug = SLUG;

        String answeredTrace = ingest.post().uri("/api/insights").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, DEV_KEY)
                .header(EventTracing.TRACEPARENT, TRACEPARENT)
                .bodyValue("""
                        {"slug": "%s", "title": "Traced publish", "summary": "One trace id end to end.",
                         "category": "Observability", "body": "## Follow it\\n\\nFrom the request to the page."}"""
                        .formatted(slug))
                .exchangeToMono(response -> {
                    assertThat(response.statusCode().value()).isEqualTo(HttpStatus.ACCEPTED.value());
                    return response.releaseBody()
                            .thenReturn(response.headers().asHttpHeaders().getFirst("X-Trace-Id"));
                })
                .block();
        await().atMost(VISIBLE_WITHIN).until(() -> status("/api/insights/" + slug) == HttpStatus.OK);

        assertThat(answeredTrace).isEqualTo(TRACE_ID);
        ConsumerRecord<String, byte[]> event = record(Topics.INSIGHT_EVENTS, slug);
        ConsumerRecord<String, byte[]> rendered = record(Topics.INSIGHT_RENDERED, slug);
        for (ConsumerRecord<String, byte[]> record : List.of(event, rendered)) {
            assertThat(EventTracing.traceId(header(record, EventTracing.TRACEPARENT))).isEqualTo(TRACE_ID);
            assertThat(EventTracing.traceId(header(record, EventTracing.CE_TRACEPARENT))).isEqualTo(TRACE_ID);
        }
        // the extension keeps where the chain started; the hop header names each producer's span
        assertThat(header(rendered, EventTracing.CE_TRACEPARENT)).isEqualTo(header(event, EventTracing.CE_TRACEPARENT));
        assertThat(header(rendered, EventTracing.TRACEPARENT)).isNotEqualTo(header(event, EventTracing.TRACEPARENT));
        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> {
            assertThat(lines(output, "publishing InsightPublished of " + slug)).singleElement().asString()
                    .contains(TRACE_ID);
            assertThat(lines(output, "rendered " + slug + " from")).singleElement().asString().contains(TRACE_ID);
            assertThat(lines(output, "applied " + slug + " from")).singleElement().asString().contains(TRACE_ID);
        });
    }

    private static List<String> lines(CapturedOutput output, String containing) {
        return output.getOut().lines().filter(line -> line.contains(containing)).toList();
    }

    /** The slug's record on the topic, as a read_committed consumer (the projector) sees it. */
    private static ConsumerRecord<String, byte[]> record(String topic, String slug) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            await().atMost(VISIBLE_WITHIN).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (slug.equals(record.key())) {
                        found.add(record);
                    }
                });
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("%s header of %s", name, record.topic()).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static HttpStatus status(String path) {
        return site.get().uri(path)
                .exchangeToMono(response -> response.releaseBody()
                        .thenReturn(HttpStatus.valueOf(response.statusCode().value())))
                .block();
    }
}
