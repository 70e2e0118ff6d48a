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

import tools.jackson.databind.JsonNode;

/**
 * Typed access to a request's JSON fields that records what is wrong instead of stopping at it, so that an editor
 * fixes a request in one round trip instead of one field at a time. The rules every kind of content shares (text
 * lengths, the Markdown body, the slug, the publishing instant) live here once.
 */
public final class RequestFields {

    static final int MAX_BODY_BYTES = 256 * 1024;

    private static final String CONTROL_CHARACTERS =
            "must not contain control characters other than tab, line feed and carriage return";

    private final JsonNode json;
    private final List<FieldError> errors = new ArrayList<>();

    /**
     * @param allowed the fields the request may have; any other is rejected as unknown
     * @throws InvalidInsightException when the JSON is not an object
     */
    public RequestFields(JsonNode json, Set<String> allowed) {
        if (!json.isObject()) {
            throw new InvalidInsightException("$", "must be a JSON object");
        }
        this.json = json;
        json.propertyNames().stream()
                .filter(name -> !allowed.contains(name))
                .sorted()
                .forEach(name -> reject(name, "unknown field"));
    }

    JsonNode json() {
        return json;
    }

    public void reject(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** @throws InvalidInsightException naming every rule the request broke, if it broke any */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new InvalidInsightException(errors);
        }
    }

    /** The stripped text, or null when absent or broken (then recorded). */
    public String text(String name, boolean required, int min, int max) {
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
        if (hasControlCharacter(value)) {
            reject(name, CONTROL_CHARACTERS);
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

    /** The required Markdown {@code body}, at most 256 KiB of UTF-8. */
    public String body() {
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
        } else if (hasControlCharacter(body)) {
            reject("body", CONTROL_CHARACTERS);
        }
        return body;
    }

    /** The optional {@code slug}, or the one derived from the title when absent. */
    public String slug(String title) {
        String slug = text("slug", false, 1, Slugs.MAX_LENGTH);
        if (slug != null) {
            if (!Slugs.SHAPE.matcher(slug).matches()) {
                reject("slug", "must be lowercase letters and digits joined by single hyphens");
            }
            return slug;
        }
        if (title == null) {
            return null;
        }
        return Slugs.fromTitle(title).orElseGet(() -> {
            reject("slug", "cannot be derived from a title without letters or digits; send one");
            return null;
        });
    }

    /** An optional ISO-8601 instant or date; now when absent. */
    public Instant instant(String name, Clock clock) {
        String value = text(name, false, 1, 40);
        if (value == null) {
            return clock.instant();
        }
        try {
            return value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            reject(name, "must be an ISO-8601 instant (2026-06-05T09:00:00Z) or date (2026-06-05)");
            return null;
        }
    }

    /**
     * The optional reason of an unpublish (a query parameter, so not one of the JSON fields): at most 300 characters,
     * no control character.
     *
     * @throws InvalidInsightException for a reason that breaks either rule
     */
    public static void checkReason(String reason) {
        if (reason == null) {
            return;
        }
        if (reason.length() > 300) {
            throw new InvalidInsightException("reason", "must be at most 300 characters");
        }
        if (hasControlCharacter(reason)) {
            throw new InvalidInsightException("reason", CONTROL_CHARACTERS);
        }
    }

    /**
     * Whether the text holds a control character other than tab, line feed and carriage return: PostgreSQL stores no
     * NUL in text (the projection would reject the insight after the 202), XML 1.0 (the feeds, the sitemap) allows no
     * other C0 control, and HTML takes every control, C1 included, for a parse error.
     */
    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r');
    }
}
