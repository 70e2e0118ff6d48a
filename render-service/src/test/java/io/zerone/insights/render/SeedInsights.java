package io.zerone.insights.render;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.zerone.insights.events.InsightPublished;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The nine insights of the seed page, from a copy of shared/fixtures/seed-insights.jsonl kept in this module's test
 * resources (tests read nothing outside the repository). {@code run} makes event ids unique per test run.
 */
public final class SeedInsights {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SeedInsights() {
    }

    public static List<InsightPublished> load(String slugSuffix) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                SeedInsights.class.getResourceAsStream("/seed-insights.jsonl"), StandardCharsets.UTF_8))) {
            return in.lines().filter(line -> !line.isBlank()).map(JSON::readTree)
                    .map(node -> toEvent(node, slugSuffix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<InsightPublished> load() {
        return load("");
    }

    private static InsightPublished toEvent(JsonNode node, String slugSuffix) {
        JsonNode caseRef = node.get("caseRef");
        return new InsightPublished(UUID.randomUUID(), Instant.parse("2026-06-05T09:00:01.250Z"), "seed",
                node.get("slug").asString() + slugSuffix, node.get("title").asString(), node.get("summary").asString(),
                node.get("category").asString(), Instant.parse(node.get("publishedAt").asString()),
                node.get("readingMinutes").asInt(), caseRef == null || caseRef.isNull() ? null : caseRef.asString(),
                node.get("tags").valueStream().map(JsonNode::asString).toList(), node.get("language").asString(),
                node.get("body").asString());
    }
}
