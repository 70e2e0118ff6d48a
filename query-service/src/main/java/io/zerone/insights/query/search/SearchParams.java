package io.zerone.insights.query.search;

import java.util.regex.Pattern;

import io.zerone.insights.query.web.Params;
import io.zerone.insights.query.web.Params.InvalidParameter;
import io.zerone.insights.query.web.SitePaths;

/**
 * The parameters of search, read alike by the JSON search ({@link SearchApi}) and the search page
 * ({@link SearchPage}): each bounded and checked here, a bad one an {@link InvalidParameter} that names it.
 */
final class SearchParams {

    /** The longest search accepted. */
    static final int MAX_QUERY_LENGTH = SitePaths.MAX_SEARCH_QUERY_LENGTH;
    /** More words than this make a query the visitor did not mean to type, and a plan nobody should wait for. */
    static final int MAX_WORDS = 24;
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 50;

    /**
     * A word as PostgreSQL's parser may split one at most: a run of letters and digits. It splits at , ; + _ ' @ too,
     * and search_text() at . and /, so "ab,cd,ef" is three words to it; counted as one, 66 such words passed the bound.
     */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private SearchParams() {
    }

    /**
     * The query as the visitor typed it, stripped; null when absent or blank (the page then shows the form alone).
     * Longer than {@link #MAX_QUERY_LENGTH} characters, with control characters or more than {@link #MAX_WORDS} words
     * is invalid.
     */
    static String query(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        String query = Params.text("q", q.strip(), MAX_QUERY_LENGTH);
        if (WORD.matcher(query).results().count() > MAX_WORDS) {
            throw new InvalidParameter("q", "q must have at most " + MAX_WORDS + " words");
        }
        return query;
    }

    static String category(String value) {
        return Params.category(value);
    }

    static int limit(String value) {
        return Params.limit(value, DEFAULT_LIMIT, MAX_LIMIT);
    }
}
