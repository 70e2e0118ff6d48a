package io.zerone.insights.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.zerone.insights.events.Topics;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes the demo insights and cases through the real ingest API, the way an editorial system would, when their
 * event topics hold nothing yet. Each carries an Idempotency-Key, so an interrupted first start can simply run again.
 */
final class DemoContent {

    static final String DEV_KEY = "dev-insights-key";

    /** The cases of demo/cases.jsonl: the counter says "8 Cases" once they are on the site. */
    static final int DEMO_CASES = 8;

    private DemoContent() {
    }

    /**
     * Publishes the demo insights, and the demo cases (01-08, the cases the seed's insights come from), each kind only
     * while its topic is empty; returns how many insights it published.
     */
    static int publishIfEmpty(String bootstrapServers, String ingestUrl) throws IOException, InterruptedException {
        publishIfEmpty(bootstrapServers, Topics.CASE_EVENTS, ingestUrl + "/api/cases", "/demo/cases.jsonl");
        return publishIfEmpty(bootstrapServers, Topics.INSIGHT_EVENTS, ingestUrl + "/api/insights",
                "/demo/insights.jsonl");
    }

    private static int publishIfEmpty(String bootstrapServers, String topic, String url, String resource)
            throws IOException, InterruptedException {
        if (!topicIsEmpty(bootstrapServers, topic)) {
            return 0;
        }
        HttpClient http = HttpClient.newHttpClient();
        int published = 0;
        for (String payload : payloads(resource)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + DEV_KEY)
                    .header("Idempotency-Key", "demo-" + Integer.toHexString(payload.hashCode()))
                    .POST(HttpRequest.BodyPublishers.ofString(payload))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("demo content refused: " + response.statusCode() + " " + response.body());
            }
            published++;
        }
        return published;
    }

    /**
     * Waits until query-service counts at least {@code expected} insights, so that the URLs printed next already
     * show the demo. Gives up quietly after {@code timeout}: the stack still runs, the pipeline is just slower.
     */
    static boolean awaitVisible(String queryUrl, int expected, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonMapper json = JsonMapper.builder().build();
        while (System.nanoTime() < deadline) {
            try {
                String stats = http.send(HttpRequest.newBuilder(URI.create(queryUrl + "/api/stats")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                JsonNode counter = json.readTree(stats);
                if (counter.path("insights").asInt() >= expected && counter.path("cases").asInt() >= DEMO_CASES) {
                    return true;
                }
            } catch (IOException | JacksonException e) {
                // not answering yet
            }
            Thread.sleep(250);
        }
        return false;
    }

    private static boolean topicIsEmpty(String bootstrapServers, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            return consumer.endOffsets(partitions).values().stream().allMatch(offset -> offset == 0);
        }
    }

    /** One ingest payload (JSON) per line. */
    static List<String> payloads(String resource) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                DemoContent.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
