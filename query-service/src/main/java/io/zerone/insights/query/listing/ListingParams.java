package io.zerone.insights.query.listing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import io.zerone.insights.query.web.Params;
import io.zerone.insights.query.web.Params.InvalidParameter;
import io.zerone.insights.query.web.SitePaths;

/**
 * The parameters of the listing, read alike by the JSON listing ({@link ListingApi}) and the listing page
 * ({@link ListingPage}): each bounded and checked here, a bad one an {@link InvalidParameter} that names it.
 */
final class ListingParams {

    static final int MAX_CURSOR_LENGTH = 400;
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    /**
     * ingest-service takes a case number of two digits ("06"); insights published before it did may hold any caseRef
     * of 1 to 12 characters ("X-17", "Fall Ü #1"), and stay findable by it.
     */
    static final int MAX_CASE_REF_LENGTH = 12;
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant AFTER_LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    private ListingParams() {
    }

    static String category(String value) {
        return Params.category(value);
    }

    static String tag(String value) {
        return Params.text("tag", value, SitePaths.MAX_TAG_LENGTH);
    }

    static String caseRef(String value) {
        return Params.text("caseRef", value, MAX_CASE_REF_LENGTH);
    }

    /** A date (2026-04-18, midnight UTC) or an instant (2026-04-18T14:00:00Z), in the years 1 to 9999. */
    static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Instant instant;
        try {
            instant = value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidParameter(name,
                    name + " must be a date like 2026-04-18 or an instant like 2026-04-18T14:00:00Z");
        }
        if (!storable(instant)) {
            throw new InvalidParameter(name, name + " must be in the years 1 to 9999");
        }
        return instant;
    }

    /**
     * Whether PostgreSQL can compare the instant with a timestamptz. Java parses years up to a billion and PostgreSQL
     * rejects a parameter past year 294276 with an error of its own (SQLSTATE 22008), which would answer a 500; the
     * years 1 to 9999 are those an ISO date writes in four digits.
     */
    static boolean storable(Instant instant) {
        return !instant.isBefore(EARLIEST) && instant.isBefore(AFTER_LATEST);
    }

    static int limit(String value) {
        return Params.limit(value, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /** The position after which a page starts, as a previous page gave it out; null for the first page. */
    static Cursor cursor(String value) {
        String cursor = Params.text("cursor", value, MAX_CURSOR_LENGTH);
        try {
            return cursor == null ? null : Cursor.decode(cursor);
        } catch (Cursor.InvalidCursorException e) {
            throw new InvalidParameter("cursor", "cursor is not one this API gave out");
        }
    }
}
