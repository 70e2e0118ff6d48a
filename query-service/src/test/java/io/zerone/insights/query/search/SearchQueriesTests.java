package io.zerone.insights.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchQueriesTests {

    @Test
    void belowTheCapACategoryCountsExactlyItsFacet() {
        assertThat(SearchQueries.inCategory(37, false, 10, 10)).isEqualTo(new SearchResults.Count(37, false));
        assertThat(SearchQueries.inCategory(0, false, 0, 10)).isEqualTo(new SearchResults.Count(0, false));
    }

    @Test
    void pastTheCapFewerHitsThanAskedForAreAllTheCategoryHas() {
        // the category's own pass found 3 matches, though none of them was among the first 1,001 of all categories
        assertThat(SearchQueries.inCategory(0, true, 3, 20)).isEqualTo(new SearchResults.Count(3, false));
        assertThat(SearchQueries.inCategory(0, true, 0, 20)).isEqualTo(new SearchResults.Count(0, false));
    }

    @Test
    void pastTheCapAFullPageOfHitsCountsAtLeastTheFacetOrTheHitsUpToTheCap() {
        assertThat(SearchQueries.inCategory(84, true, 10, 10)).isEqualTo(new SearchResults.Count(84, true));
        assertThat(SearchQueries.inCategory(2, true, 10, 10)).isEqualTo(new SearchResults.Count(10, true));
        assertThat(SearchQueries.inCategory(SearchQueries.FACET_CAP + 1, true, 10, 10))
                .isEqualTo(new SearchResults.Count(SearchQueries.FACET_CAP, true));
    }
}
