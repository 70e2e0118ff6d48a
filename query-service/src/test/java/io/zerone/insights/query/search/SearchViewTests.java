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
        SearchView capped = new SearchView("cache", null, null, "1,000+", true, results(20), List.of());
        SearchView suggested = new SearchView("cahce", new SearchView.Suggestion("cache", "/insights/search?q=cache"),
                null, "37", true, results(20), List.of());

        assertThat(capped.summary()).isEqualTo("Showing the best 20 of 1,000+ insights that match “cache”.");
        assertThat(suggested.summary())
                .isEqualTo("No insight matches “cahce”; showing the best 20 of 37 insights that match “cache”.");
    }

    @Test
    void summaryInACategoryNamesItAndSaysHowManyMatchInAllCategories() {
        assertThat(inCategory("jitter", "SMB delivery", "0", "274", false, 0).summary())
                .isEqualTo("No insight in SMB delivery matches “jitter”; 274 do in all categories.");
        assertThat(inCategory("jitter", "SMB delivery", "0", "1", false, 0).summary())
                .isEqualTo("No insight in SMB delivery matches “jitter”; 1 does in all categories.");
        assertThat(inCategory("xylophonq", "SMB delivery", "0", "0", false, 0).summary())
                .isEqualTo("No insight in SMB delivery matches “xylophonq”.");
        assertThat(inCategory("postgresql", "Debugging", "1", "4", false, 1).summary())
                .isEqualTo("1 insight in Debugging matches “postgresql”.");
        assertThat(inCategory("postgresql", "Data Engineering", "3", "4", false, 3).summary())
                .isEqualTo("3 insights in Data Engineering match “postgresql”.");
        assertThat(inCategory("bulk", "Category 5", "84+", "1,000+", true, 20).summary())
                .isEqualTo("Showing the best 20 of 84+ insights in Category 5 that match “bulk”.");
    }

    private static SearchView inCategory(String query, String category, String matches, String everywhere,
            boolean more, int shown) {
        return new SearchView(query, null, new SearchView.Filter(category, everywhere, "/insights/search?q=" + query),
                matches, more, results(shown), List.of());
    }

    private static SearchView suggested(String query, String suggestion, String matches, int shown) {
        return new SearchView(query, new SearchView.Suggestion(suggestion, "/insights/search?q=" + suggestion),
                null, matches, false, results(shown), List.of());
    }

    private static SearchView view(String query, String matches, int shown) {
        return new SearchView(query, null, null, matches, false, results(shown), List.of());
    }

    private static List<SearchView.Result> results(int count) {
        return Collections.nCopies(count, new SearchView.Result("/insights/a", "A", "Debugging", "2026-06-01", 4,
                "a", null, "en"));
    }
}
