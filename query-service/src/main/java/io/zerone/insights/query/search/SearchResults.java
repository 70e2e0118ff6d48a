package io.zerone.insights.query.search;

import java.util.List;

/**
 * @param query what the visitor typed
 * @param suggestion the query with misspelled words corrected from the vocabulary, when the query as typed matched
 *        nothing and the corrected one matched (in the category searched, if any): the hits and facets are then those
 *        of the suggestion; else null
 * @param hits the best matches, best first
 * @param total how many insights match in the category searched, or in all of them without one: what both the JSON
 *        search and the page call the number of matches ({@link SearchQueries#inCategory})
 * @param all how many insights match in all categories, exact up to {@link SearchQueries#FACET_CAP}
 * @param facets how many matches each category has, ignoring the category filter; counted over the first
 *        {@link SearchQueries#FACET_CAP} matches, so each count is at least the number shown when {@code all} is capped
 */
record SearchResults(String query, String suggestion, List<SearchHit> hits, Count total, Count all,
        List<Facet> facets) {

    /** Nothing matched in any category: the words, not the filter, are at fault, so a correction is worth a try. */
    boolean matchedNothing() {
        return all.count() == 0;
    }

    /** A count that stopped at the cap when {@code capped}: there are more. */
    record Count(long count, boolean capped) {
    }

    record Facet(String category, long count, boolean capped) {
    }
}
