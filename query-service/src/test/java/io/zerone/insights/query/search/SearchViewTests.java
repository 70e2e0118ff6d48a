package io.zerone.insights.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class SearchViewTests {

    @Test
    void didYouMeanSummaryAgreesInNumberWithWhatTheSuggestionMatches() {
        assertThat(suggested("anonymty", "anonymity", "1", 1).summary())
                .isEqualTo("No insight matches “anonymty”; 1 insight matches “anonymity”.");
        assertThat(suggested("thundring", "thundering", "3", 3).summary())
                .isEqualTo("No insight matches “thundring”; 3 insights match “thundering”.");
    }

    @Test
    void summaryCountsTheMatchesOfTheWordsAsTyped() {
        assertThat(view("pgbouncer", "1", 1).summary()).isEqualTo("1 insight matches “pgbouncer”.");
        assertThat(view("postgresql", "4", 4).summary()).isEqualTo("4 insights match “postgresql”.");
        assertThat(view("xylophonq", "0", 0).summary()).isEqualTo("No insight matches “xylophonq”.");
    }

    @Test
    void summarySaysItShowsOnlyTheBestWhenMoreMatch() {
        SearchView capped = new SearchView("cache", null, "1,000+", true, results(20), List.of());
        SearchView suggested = new SearchView("cahce", new SearchView.Suggestion("cache", "/insights/search?q=cache"),
                "37", true, results(20), List.of());

        assertThat(capped.summary()).isEqualTo("Showing the best 20 of 1,000+ insights that match “cache”.");
        assertThat(suggested.summary())
                .isEqualTo("No insight matches “cahce”; showing the best 20 of 37 insights that match “cache”.");
    }

    private static SearchView suggested(String query, String suggestion, String matches, int shown) {
        return new SearchView(query, new SearchView.Suggestion(suggestion, "/insights/search?q=" + suggestion),
                matches, false, results(shown), List.of());
    }

    private static SearchView view(String query, String matches, int shown) {
        return new SearchView(query, null, matches, false, results(shown), List.of());
    }

    private static List<SearchView.Result> results(int count) {
        return Collections.nCopies(count, new SearchView.Result("/insights/a", "A", "Debugging", "2026-06-01", 4,
                "a", null));
    }
}
