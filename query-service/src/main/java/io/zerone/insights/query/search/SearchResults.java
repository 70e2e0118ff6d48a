package io.zerone.insights.query.search;

import java.util.List;

/**
 * @param query what the visitor typed
 * @param suggestion the query with misspelled words corrected from the vocabulary, when the query as typed matched
 *        nothing and the corrected one matched: the hits and facets are then those of the suggestion; else null
 * @param hits the best matches, best first
 * @param total how many insights match, exact up to {@link SearchQueries#FACET_CAP}
 * @param facets how many matches each category has, ignoring the category filter; counted over the first
 *        {@link SearchQueries#FACET_CAP} matches, so each count is at least the number shown when {@code total} is capped
 */
record SearchResults(String query, String suggestion, List<SearchHit> hits, Count total, List<Facet> facets) {

    boolean matchedNothing() {
        return total.count() == 0;
    }

    /** A count that stopped at the cap when {@code capped}: there are more. */
    record Count(long count, boolean capped) {
    }

    record Facet(String category, long count, boolean capped) {
    }
}
