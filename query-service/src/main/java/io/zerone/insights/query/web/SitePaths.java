package io.zerone.insights.query.web;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The addresses of the pages of a tag and of a category, for every feature that links to them: the listing serves
 * them, the article page links its tags. A category's address part may hold letters beyond a to z: links to it are
 * made by a URI builder that encodes them.
 */
public final class SitePaths {

    /** The longest tag: ingest-service publishes tags slug-shaped, at most 120 characters (its Slugs.MAX_LENGTH). */
    public static final int MAX_TAG_LENGTH = 120;

    /** The longest search: the bound of the search parameter and of the search form on the listing and search pages. */
    public static final int MAX_SEARCH_QUERY_LENGTH = 200;

    private static final Pattern NOT_A_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{M}\\p{N}]+");
    /** The accents of Latin letters; other scripts' marks are part of the letter (カ and ガ are two words' letters). */
    private static final Pattern LATIN_ACCENT = Pattern.compile("(?<=\\p{IsLatin})\\p{M}+");

    private SitePaths() {
    }

    /** Whether a tag has a page of its own: one that is slug-shaped, as published, needs no escaping in a path. */
    public static boolean hasTagPage(String tag) {
        return tag.length() <= MAX_TAG_LENGTH && Slug.isSlug(tag);
    }

    public static String tag(String tag) {
        return "/insights/tags/" + tag;
    }

    /**
     * The address part of a category, unencoded: lower case, the accents of Latin letters dropped, every run of
     * characters other than letters and digits one dash ("Data Engineering" becomes "data-engineering", "Qualität &
     * Test" "qualitat-test", "日本語カテゴリ" stays itself); never empty.
     */
    public static String categorySlug(String category) {
        String plain = Normalizer.normalize(LATIN_ACCENT.matcher(Normalizer.normalize(category, Normalizer.Form.NFD))
                .replaceAll(""), Normalizer.Form.NFC);
        String slug = NOT_A_LETTER_OR_DIGIT.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("-")
                .replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "-" : slug;
    }
}
