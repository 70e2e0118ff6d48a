package io.zerone.insights.query.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Every request parameter is bounded and checked here; a bad one is a 400 problem, never a 500. */
public final class Params {

    public static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,199}");
    private static final Pattern CASE_REF = Pattern.compile("[A-Za-z0-9-]{1,20}");

    private Params() {
    }

    public static int limit(String value, int defaultLimit, int max) {
        if (value == null || value.isBlank()) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw badRequest("limit must be a whole number from 1 to " + max);
    }

    /** Free text of at most {@code max} characters without control characters; null when absent. */
    public static String text(String name, String value, int max) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            throw badRequest(name + " must be at most " + max + " printable characters");
        }
        return value;
    }

    public static String caseRef(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!CASE_REF.matcher(value).matches()) {
            throw badRequest("caseRef must be 1 to 20 letters, digits or dashes");
        }
        return value;
    }

    /** A date (2026-04-18, midnight UTC) or an instant (2026-04-18T14:00:00Z). */
    public static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw badRequest(name + " must be a date like 2026-04-18 or an instant like 2026-04-18T14:00:00Z");
        }
    }

    public static boolean isSlug(String value) {
        return SLUG.matcher(value).matches();
    }

    public static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
