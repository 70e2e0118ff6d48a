package io.zerone.insights.query.sync;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A consumer of {@code /api/sync} as a partner site would write one: it keeps the insights it was given by slug,
 * applies upserts and deletions as they come, and keeps the last token.
 */
class SyncConsumer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebTestClient http;
    private final Map<String, JsonNode> insights = new LinkedHashMap<>();
    private String token;

    SyncConsumer(WebTestClient http) {
        this.http = http;
    }

    /** Forgets everything and pages through the full sync. */
    void fullSync(int limit) {
        insights.clear();
        token = null;
        JsonNode page;
        do {
            page = fetchAndApply(limit);
        } while (page.get("hasMore").asBoolean());
    }

    /** Applies pages of changes until the API says no more follow. */
    void catchUp(int limit) {
        JsonNode page;
        do {
            page = fetchAndApply(limit);
        } while (page.get("hasMore").asBoolean());
    }

    /** Fetches one page after the current token, applies it and moves to its token. */
    JsonNode fetchAndApply(int limit) {
        JsonNode page = fetch(token, limit);
        apply(page);
        return page;
    }

    /** Applies a page's entries in order and takes its token. */
    void apply(JsonNode page) {
        for (JsonNode entry : page.get("items")) {
            String slug = entry.get("slug").asString();
            switch (entry.get("action").asString()) {
                case "upsert" -> insights.put(slug, entry.get("insight"));
                case "delete" -> insights.remove(slug);
                default -> throw new IllegalStateException("unknown action in " + entry);
            }
        }
        token = page.get("nextSyncToken").asString();
    }

    JsonNode fetch(String from, int limit) {
        return JSON.readTree(body(from, limit));
    }

    String body(String from, int limit) {
        return http.get().uri(uri -> (from == null ? uri.path("/api/sync")
                                : uri.path("/api/sync").queryParam("token", "{token}"))
                        .queryParam("limit", limit).build(from == null ? new Object[0] : new Object[] {from}))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    Map<String, JsonNode> insights() {
        return insights;
    }

    String token() {
        return token;
    }
}
