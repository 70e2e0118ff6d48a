package io.zerone.insights.ingest.publishing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.zerone.insights.events.InsightMetadata;
import io.zerone.insights.events.LanguageTags;
import tools.jackson.databind.JsonNode;

/** Applies the publishing rules of an insight to a request's JSON and collects every broken one. */
public final class PublishRequestReader {

    static final int MAX_TAGS = 20;
    static final Set<String> FIELDS = Set.of(
            "slug", "title", "summary", "category", "publishedAt", "readingMinutes", "caseRef", "tags", "language",
            "body");

    private final Clock clock;

    public PublishRequestReader(Clock clock) {
        this.clock = clock;
    }

    public PublishRequest read(JsonNode json) {
        RequestFields fields = new RequestFields(json, FIELDS);

        String title = fields.text("title", true, 1, 200);
        String summary = fields.text("summary", true, 1, 600);
        String category = fields.text("category", true, 1, 60);
        String body = fields.body();
        String slug = fields.slug(title, Slugs.RESERVED);
        Instant publishedAt = fields.instant("publishedAt", clock);
        Integer readingMinutes = fields.integer("readingMinutes", 1, ReadingTime.MAX_MINUTES);
        String caseRef = fields.caseNumber("caseRef", false);
        List<String> tags = tags(fields);
        String language = language(fields);

        fields.throwIfInvalid();
        return new PublishRequest(new InsightMetadata(slug, title, summary, category, publishedAt,
                readingMinutes != null ? readingMinutes : ReadingTime.minutesFor(body), caseRef, tags,
                language != null ? language : "en"), body);
    }

    private static String language(RequestFields fields) {
        String tag = fields.text("language", false, 1, LanguageTags.MAX_LENGTH);
        if (tag == null) {
            return null;
        }
        return LanguageTags.canonical(tag).orElseGet(() -> {
            fields.reject("language", LanguageTags.RULE);
            return null;
        });
    }

    private static List<String> tags(RequestFields fields) {
        JsonNode node = fields.json().get("tags");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            fields.reject("tags", "must be an array of strings");
            return List.of();
        }
        if (node.size() > MAX_TAGS) {
            fields.reject("tags", "must hold at most " + MAX_TAGS + " tags");
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode tag = node.get(i);
            if (!tag.isString() || !Slugs.isValid(tag.stringValue())) {
                fields.reject("tags[" + i + "]", "must be lowercase letters and digits joined by single hyphens");
            } else if (!tags.contains(tag.stringValue())) {
                tags.add(tag.stringValue());
            }
        }
        return tags;
    }
}
