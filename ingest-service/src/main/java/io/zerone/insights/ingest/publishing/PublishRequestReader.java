package io.zerone.insights.ingest.publishing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.zerone.insights.events.InsightMetadata;
import tools.jackson.databind.JsonNode;

/**
 * Applies the publishing rules to a request's JSON and collects every broken one, so that an editor fixes a
 * request in one round trip instead of one field at a time.
 */
public final class PublishRequestReader {

    static final int MAX_BODY_BYTES = 256 * 1024;
    static final int MAX_TAGS = 20;
    static final Set<String> LANGUAGES = Set.of("en", "de");
    static final Set<String> FIELDS = Set.of(
            "slug", "title", "summary", "category", "publishedAt", "readingMinutes", "caseRef", "tags", "language",
            "body");

    private final Clock clock;

    public PublishRequestReader(Clock clock) {
        this.clock = clock;
    }

    public PublishRequest read(JsonNode json) {
        if (!json.isObject()) {
            throw new InvalidInsightException("$", "must be a JSON object");
        }
        Fields fields = new Fields(json);
        json.propertyNames().stream()
                .filter(name -> !FIELDS.contains(name))
                .sorted()
                .forEach(name -> fields.reject(name, "unknown field"));

        String title = fields.text("title", true, 1, 200);
        String summary = fields.text("summary", true, 1, 600);
        String category = fields.text("category", true, 1, 60);
        String body = fields.body();
        String slug = slug(fields, title);
        Instant publishedAt = publishedAt(fields);
        Integer readingMinutes = fields.integer("readingMinutes", 1, ReadingTime.MAX_MINUTES);
        String caseRef = fields.text("caseRef", false, 1, 12);
        List<String> tags = tags(fields);
        String language = fields.text("language", false, 2, 2);
        if (language != null && !LANGUAGES.contains(language)) {
            fields.reject("language", "must be one of " + LANGUAGES.stream().sorted().toList());
        }

        if (!fields.errors.isEmpty()) {
            throw new InvalidInsightException(fields.errors);
        }
        return new PublishRequest(new InsightMetadata(slug, title, summary, category, publishedAt,
                readingMinutes != null ? readingMinutes : ReadingTime.minutesFor(body), caseRef, tags,
                language != null ? language : "en"), body);
    }

    private static String slug(Fields fields, String title) {
        String slug = fields.text("slug", false, 1, Slugs.MAX_LENGTH);
        if (slug != null) {
            if (!Slugs.SHAPE.matcher(slug).matches()) {
                fields.reject("slug", "must be lowercase letters and digits joined by single hyphens");
            }
            return slug;
        }
        if (title == null) {
            return null;
        }
        return Slugs.fromTitle(title).orElseGet(() -> {
            fields.reject("slug", "cannot be derived from a title without letters or digits; send one");
            return null;
        });
    }

    private Instant publishedAt(Fields fields) {
        String value = fields.text("publishedAt", false, 1, 40);
        if (value == null) {
            return clock.instant();
        }
        try {
            return value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            fields.reject("publishedAt", "must be an ISO-8601 instant (2026-06-05T09:00:00Z) or date (2026-06-05)");
            return null;
        }
    }

    private static List<String> tags(Fields fields) {
        JsonNode node = fields.json.get("tags");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            fields.reject("tags", "must be an array of strings");
            return List.of();
        }
        if (node.size() > MAX_TAGS) {
            fields.reject("tags", "must hold at most " + MAX_TAGS + " tags");
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

    /** Typed access to the request's fields that records what is wrong instead of stopping at it. */
    private static final class Fields {

        final JsonNode json;
        final List<FieldError> errors = new ArrayList<>();

        Fields(JsonNode json) {
            this.json = json;
        }

        void reject(String field, String message) {
            errors.add(new FieldError(field, message));
        }

        String text(String name, boolean required, int min, int max) {
            JsonNode node = json.get(name);
            if (node == null || node.isNull()) {
                if (required) {
                    reject(name, "is required");
                }
                return null;
            }
            if (!node.isString()) {
                reject(name, "must be a string");
                return null;
            }
            String value = node.stringValue().strip();
            int length = value.codePointCount(0, value.length());
            if (length < min || length > max) {
                reject(name, value.isEmpty() ? "must not be blank" : "must be " + min + " to " + max + " characters");
                return null;
            }
            return value;
        }

        Integer integer(String name, int min, int max) {
            JsonNode node = json.get(name);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
                reject(name, "must be a whole number from " + min + " to " + max);
                return null;
            }
            return node.intValue();
        }

        String body() {
            JsonNode node = json.get("body");
            if (node == null || node.isNull()) {
                reject("body", "is required");
                return null;
            }
            if (!node.isString()) {
                reject("body", "must be a string of Markdown");
                return null;
            }
            String body = node.stringValue();
            if (body.isBlank()) {
                reject("body", "must not be blank");
            } else if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
                reject("body", "must be at most " + MAX_BODY_BYTES / 1024 + " KiB of UTF-8");
            }
            return body;
        }
    }
}
