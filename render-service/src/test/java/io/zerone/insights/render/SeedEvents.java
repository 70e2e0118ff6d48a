package io.zerone.insights.render;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.zerone.insights.events.InsightMetadata;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.testsupport.SeedInsights;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The nine insights of the seed page (test-support's copy of the fixture) as the events ingest-service would
 * publish; {@code slugSuffix} gives a test slugs of its own.
 */
public final class SeedEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SeedEvents() {
    }

    public static List<InsightPublished> load(String slugSuffix) {
        return SeedInsights.payloads().stream().map(JSON::readTree).map(node -> toEvent(node, slugSuffix)).toList();
    }

    public static List<InsightPublished> load() {
        return load("");
    }

    private static InsightPublished toEvent(JsonNode node, String slugSuffix) {
        JsonNode caseRef = node.get("caseRef");
        return new InsightPublished(UUID.randomUUID(), Instant.parse("2026-06-05T09:00:01.250Z"), "seed",
                new InsightMetadata(node.get("slug").asString() + slugSuffix, node.get("title").asString(),
                        node.get("summary").asString(), node.get("category").asString(),
                        Instant.parse(node.get("publishedAt").asString()), node.get("readingMinutes").asInt(),
                        caseRef == null || caseRef.isNull() ? null : caseRef.asString(),
                        node.get("tags").valueStream().map(JsonNode::asString).toList(),
                        node.get("language").asString()),
                node.get("body").asString());
    }
}
