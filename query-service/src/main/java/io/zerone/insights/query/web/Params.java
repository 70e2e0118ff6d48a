package io.zerone.insights.query.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The checks every request parameter goes through, whichever feature reads it: bounded text and a bounded limit. The
 * parameter parser of each feature ({@code ListingParams}, {@code SearchParams}) builds on them, and its JSON and HTML
 * endpoints share it: the JSON endpoints let an {@link InvalidParameter} become a 400 problem ({@link Problems}), the
 * pages answer it with a 400 page that names what was wrong.
 */
public final class Params {

    /** The longest category name a filter may carry, in the listing and in search alike. */
    static final int MAX_CATEGORY_LENGTH = 100;

    private Params() {
    }

    /** A parameter that breaks its rule: a 400, never a 500. {@code parameter} names it for the pages. */
    public static final class InvalidParameter extends ErrorResponseException {

        private final String parameter;

        public InvalidParameter(String parameter, String detail) {
            super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail), null);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
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
        throw new InvalidParameter("limit", "limit must be a whole number from 1 to " + max);
    }

    /** Free text of at most {@code max} characters without control characters; null when absent or empty. */
    public static String text(String name, String value, int max) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidParameter(name, name + " must be at most " + max + " printable characters");
        }
        return value;
    }

    /** A category filter: text of at most {@link #MAX_CATEGORY_LENGTH} characters; null when absent or empty. */
    public static String category(String value) {
        return text("category", value, MAX_CATEGORY_LENGTH);
    }
}
