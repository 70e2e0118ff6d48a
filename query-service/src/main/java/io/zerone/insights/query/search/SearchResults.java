package io.zerone.insights.query.search;

import java.util.List;

/**
 * @param hits the best matches, best first
 * @param facets how many matches each category has, ignoring the category filter
 * @param fuzzy true when no document matched the words as written and the hits are typo-tolerant matches
 */
public record SearchResults(String query, List<SearchHit> hits, List<Facet> facets, boolean fuzzy) {

    public record Facet(String category, long count) {
    }
}
