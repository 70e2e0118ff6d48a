package io.zerone.insights.query.web;

import java.util.regex.Pattern;

/**
 * The one slug rule of the read side, as ingest-service publishes slugs (lowercase letters and digits joined by single
 * dashes): what an address, the JSON API, a listing cursor, a sync token or a change notification may name, and the
 * shape of a tag that has a page of its own ({@link SitePaths#hasTagPage}). A request for anything else is answered as
 * unknown without asking the database. Here, in the shared package, so that every feature and the cache check the
 * same rule (each kept its own copy before, two of them looser).
 */
public final class Slug {

    /** The longest slug a read accepts; ingest-service publishes at most 120 characters. */
    public static final int MAX_LENGTH = 200;

    /** The rule as a regular expression, for a pattern that embeds a slug (a sync token). */
    public static final String SHAPE = "[a-z0-9]+(?:-[a-z0-9]+)*";

    private static final Pattern SLUG = Pattern.compile(SHAPE);

    private Slug() {
    }

    public static boolean isSlug(String value) {
        return value.length() <= MAX_LENGTH && SLUG.matcher(value).matches();
    }

    /**
     * The slug a value holding capitals stands for (a link typed or re-cased elsewhere: {@code Connection-Pooling}),
     * or null when it is a slug already or no slug in lowercase either. Only A-Z are lowered, the only capitals a
     * slug's letters have: Java would lower the Kelvin sign to a k.
     */
    public static String lowercased(String value) {
        if (value.length() > MAX_LENGTH || value.chars().noneMatch(c -> c >= 'A' && c <= 'Z')) {
            return null;
        }
        StringBuilder lower = new StringBuilder(value.length());
        value.chars().forEach(c -> lower.append((char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)));
        return isSlug(lower.toString()) ? lower.toString() : null;
    }
}
