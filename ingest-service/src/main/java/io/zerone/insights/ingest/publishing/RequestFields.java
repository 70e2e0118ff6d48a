package io.zerone.insights.ingest.publishing;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.zerone.insights.events.cases.CaseEvent;
import tools.jackson.databind.JsonNode;

/**
 * Typed access to a request's JSON fields that records what is wrong instead of stopping at it, so that an editor
 * fixes a request in one round trip instead of one field at a time. The rules every kind of content shares (text
 * lengths, the Markdown body, the slug, the publishing instant) live here once.
 */
public final class RequestFields {

    static final int MAX_BODY_BYTES = 256 * 1024;
    public static final int MAX_DEAD_LETTER_REASON = 1000;

    private static final String CONTROL_SURROGATE_OR_NONCHARACTER =
            "must not contain control characters other than tab, line feed and carriage return, unpaired surrogates,"
                    + " U+FFFE or U+FFFF";

    private static final String INVISIBLE = "must hold a visible character";

    /**
     * One rule for what does not parse and what is out of range: "10000-01-01" does not parse (a year past 9999 needs a
     * sign in ISO-8601) and "0000-01-01" does, and the two answered as if they broke different rules.
     */
    private static final String INSTANT_RULE =
            "must be an ISO-8601 instant (2026-06-05T09:00:00Z) or date (2026-06-05) in the years 1 to 9999";

    public static final String CASE_NUMBER_RULE = "must be a case number of two digits, e.g. \"06\"";

    /** Hangul and Braille fillers: letters to Unicode, blank on every page, so a text of them reads as empty. */
    private static final Set<Integer> BLANK_FILLERS = Set.of(0x115F, 0x1160, 0x2800, 0x3164, 0xFFA0);

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
                // named by its start: a name may be 50,000 characters long, and the answer repeats it
                .forEach(name -> reject(name.length() > 100 ? name.substring(0, 100) + "…" : name, "unknown field"));
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

    /**
     * The stripped text in Unicode's composed form (NFC), or null when absent or broken (then recorded). A person's
     * "é" may arrive as one code point or as "e" and a combining accent, as the editor's system or keyboard wrote it:
     * NFC makes one text of both, so that it is stored, compared (a derived slug's title), rendered and searched in
     * one form ("Résumé" typed decomposed was another title's, a 409).
     */
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
        String value = composed(node.stringValue()).strip();
        int length = value.codePointCount(0, value.length());
        if (length < min || length > max) {
            reject(name, value.isEmpty() ? "must not be blank" : "must be " + min + " to " + max + " characters");
            return null;
        }
        if (hasControlSurrogateOrNoncharacter(value)) {
            reject(name, CONTROL_SURROGATE_OR_NONCHARACTER);
            return null;
        }
        if (!hasVisibleCharacter(value)) {
            reject(name, INVISIBLE);
            return null;
        }
        return value;
    }

    /**
     * A case number, two digits ("06"), as {@code POST /api/cases} takes it and the site shows it: an insight's
     * {@code caseRef} links to the case of that number, so a caseRef of another shape ("6", "Case 06") would never
     * link to one. No length of its own: "006" breaks the rule of two digits, not one of 1 to 2 characters.
     */
    public String caseNumber(String name, boolean required) {
        String number = text(name, required, 1, Integer.MAX_VALUE);
        if (number != null && !CaseEvent.isNumber(number)) {
            reject(name, CASE_NUMBER_RULE);
            return null;
        }
        return number;
    }

    Integer integer(String name, int min, int max) {
        JsonNode node = json.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        // 5.0 is a whole number, to JSON Schema's "integer" as here; 1e400 is read as a double's infinity, which has
        // no decimal value (it was a 500)
        boolean whole = node.isIntegralNumber() || node.isFloatingPointNumber() && Double.isFinite(node.doubleValue())
                && node.decimalValue().stripTrailingZeros().scale() <= 0;
        if (!whole || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            reject(name, "must be a whole number from " + min + " to " + max);
            return null;
        }
        return node.intValue();
    }

    /** The required Markdown {@code body}, at most 256 KiB of UTF-8, composed (NFC) as every text is. */
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
        String body = composed(node.stringValue());
        if (body.isBlank()) {
            reject("body", "must not be blank");
        } else if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            reject("body", "must be at most " + MAX_BODY_BYTES / 1024 + " KiB of UTF-8");
        } else if (hasControlSurrogateOrNoncharacter(body)) {
            reject("body", CONTROL_SURROGATE_OR_NONCHARACTER);
        } else if (!hasVisibleCharacter(body)) {
            reject("body", INVISIBLE);
        }
        return body;
    }

    /**
     * The optional {@code slug}, or the one derived from the title when absent.
     *
     * @param reserved slugs the site's own pages answer under, sent or derived: an insight's, not a case's, whose page
     *        is its number
     */
    public String slug(String title, Set<String> reserved) {
        String slug = text("slug", false, 1, Slugs.MAX_LENGTH);
        if (slug != null) {
            if (!Slugs.SHAPE.matcher(slug).matches()) {
                reject("slug", "must be lowercase letters and digits joined by single hyphens");
            } else if (reserved.contains(slug)) {
                reject("slug", "'" + slug + "' is the address of the site's own page; send another");
            }
            return slug;
        }
        if (title == null) {
            return null;
        }
        String derived = Slugs.fromTitle(title).orElse(null);
        if (derived == null) {
            reject("slug", "send a slug: none can be derived from a title without Latin letters or digits");
        } else if (reserved.contains(derived)) {
            reject("slug", "'" + derived + "', derived from the title, is the address of the site's own page; send one");
        }
        return derived;
    }

    /**
     * An optional ISO-8601 instant or date in the years 1 to 9999 (UTC); now when absent. Cut to microseconds, which is
     * what PostgreSQL keeps: it rounds the rest, so "9999-12-31T23:59:59.9999999Z" was stored as "+10000-01-01", and a
     * page dated in nanoseconds disagreed with its JSON by one microsecond.
     */
    public Instant instant(String name, Clock clock) {
        String value = text(name, false, 1, 40);
        if (value == null) {
            return clock.instant().truncatedTo(ChronoUnit.MICROS);
        }
        Instant instant;
        try {
            instant = (value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(value).toInstant()).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            reject(name, INSTANT_RULE);
            return null;
        }
        // Consumers write it as ISO-8601 text (the projection's timestamptz, the feeds' RFC 3339), which has four
        // digits of year from 1 on: PostgreSQL refuses year 0 and "+10000-…". Caught here, such an instant is a 400
        // instead of a 202 for an event the projection then rejects.
        int year = instant.atOffset(ZoneOffset.UTC).getYear();
        if (year < 1 || year > 9999) {
            reject(name, INSTANT_RULE);
            return null;
        }
        return instant;
    }

    /**
     * The optional reason of an unpublish (a query parameter, so not one of the JSON fields), composed (NFC) as every
     * text is: at most 300 characters, none of the characters the texts of a request may not hold.
     *
     * @throws InvalidInsightException for a reason that breaks either rule
     */
    public static String reason(String sent) {
        if (sent == null) {
            return null;
        }
        String reason = composed(sent);
        // characters as the OpenAPI description counts them (code points): 200 emoji are 400 UTF-16 units
        if (reason.codePointCount(0, reason.length()) > 300) {
            throw new InvalidInsightException("reason", "must be at most 300 characters");
        }
        if (hasControlSurrogateOrNoncharacter(reason)) {
            throw new InvalidInsightException("reason", CONTROL_SURROGATE_OR_NONCHARACTER);
        }
        return reason;
    }

    /** NFC leaves what is no character (an unpaired surrogate, a control) as it was, for the checks to refuse. */
    private static String composed(String text) {
        return Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text
                : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /**
     * Whether the text holds a control character other than tab, line feed and carriage return, an unpaired surrogate,
     * U+FFFE or U+FFFF: PostgreSQL stores no NUL in text (the projection would reject the insight after the 202), XML
     * 1.0 (the feeds, the sitemap) allows no other C0 control and neither U+FFFE nor U+FFFF, and HTML takes every
     * control, C1 included, for a parse error. An unpaired surrogate is no character at all: Jackson decodes one from
     * malformed UTF-8 without complaint, the size check counts it as one byte and the event's JSON escapes it as six,
     * so a body of them would pass the 256 KiB check and then be too large for Kafka.
     */
    private static boolean hasControlSurrogateOrNoncharacter(String text) {
        return text.codePoints().anyMatch(RequestFields::isControlSurrogateOrNoncharacter);
    }

    /**
     * The text with each character a request may not hold (above) replaced by U+FFFD, for what ingest stores but
     * cannot reject: what other services report, such as a dead letter's key and exception message. A NUL there would
     * make PostgreSQL refuse the write, and the listener retry the record for ever instead of moving on.
     */
    public static String storable(String text) {
        if (text == null || !hasControlSurrogateOrNoncharacter(text)) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().forEach(c -> kept.appendCodePoint(isControlSurrogateOrNoncharacter(c) ? 0xFFFD : c));
        return kept.toString();
    }

    /**
     * A dead letter's reason as ingest keeps it, for a receipt and a webhook alike: an exception message, a stack
     * trace's at worst, of which the start tells, so its first {@value #MAX_DEAD_LETTER_REASON} characters, storable;
     * a text of its own when the dead letter gave none.
     */
    public static String deadLetterReason(String reason) {
        if (reason == null) {
            return "dead-lettered without a reason";
        }
        return storable(reason.length() > MAX_DEAD_LETTER_REASON
                ? reason.substring(0, MAX_DEAD_LETTER_REASON) : reason);
    }

    /**
     * Whether the text holds a character that shows: a title of a zero-width space (U+200B), a summary of a no-break
     * space or a body of a Braille blank passed every other rule, and the site showed an empty heading, an empty link
     * to the page and an empty page. Such characters are kept where they sit beside visible ones (a joiner in an
     * emoji, a no-break space in "10 km"); only a text of nothing else is refused.
     */
    private static boolean hasVisibleCharacter(String text) {
        return text.codePoints().anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && Character.getType(c) != Character.FORMAT && !BLANK_FILLERS.contains(c));
    }

    private static boolean isControlSurrogateOrNoncharacter(int c) {
        // A pair comes out of codePoints() as one supplementary code point, an unpaired half as itself.
        return Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r'
                || c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE
                || c == 0xFFFE || c == 0xFFFF;
    }
}
