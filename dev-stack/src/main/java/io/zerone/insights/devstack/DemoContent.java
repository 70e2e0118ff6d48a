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
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes the demo insights through the real ingest API, the way an editorial system would, when the event
 * topic holds nothing yet. Each carries an Idempotency-Key, so an interrupted first start can simply run again.
 */
final class DemoContent {

    static final String DEV_KEY = "dev-insights-key";

    private DemoContent() {
    }

    static int publishIfEmpty(String bootstrapServers, String ingestUrl) throws IOException, InterruptedException {
        if (!topicIsEmpty(bootstrapServers)) {
            return 0;
        }
        HttpClient http = HttpClient.newHttpClient();
        int published = 0;
        for (String payload : payloads()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/api/insights"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + DEV_KEY)
                    .header("Idempotency-Key", "demo-" + Integer.toHexString(payload.hashCode()))
                    .POST(HttpRequest.BodyPublishers.ofString(payload))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("demo insight refused: " + response.statusCode() + " " + response.body());
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
                if (json.readTree(stats).path("insights").asInt() >= expected) {
                    return true;
                }
            } catch (IOException | JacksonException e) {
                // not answering yet
            }
            Thread.sleep(250);
        }
        return false;
    }

    private static boolean topicIsEmpty(String bootstrapServers) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INSIGHT_EVENTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            return consumer.endOffsets(partitions).values().stream().allMatch(offset -> offset == 0);
        }
    }

    /** One ingest payload (JSON) per line. */
    static List<String> payloads() throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                DemoContent.class.getResourceAsStream("/demo/insights.jsonl"), StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
