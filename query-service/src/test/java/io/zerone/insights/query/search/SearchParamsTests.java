package io.zerone.insights.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.zerone.insights.query.web.Params.InvalidParameter;

class SearchParamsTests {

    @Test
    void blankQueryIsNoSearchAndAQueryIsStripped() {
        assertThat(SearchParams.query(null)).isNull();
        assertThat(SearchParams.query("   ")).isNull();
        assertThat(SearchParams.query("  thundering herd ")).isEqualTo("thundering herd");
    }

    @Test
    void queryLongerThanTheBoundIsRejected() {
        assertThat(SearchParams.query("q".repeat(SearchParams.MAX_QUERY_LENGTH))).hasSize(200);
        assertThatThrownBy(() -> SearchParams.query("q".repeat(SearchParams.MAX_QUERY_LENGTH + 1)))
                .isInstanceOfSatisfying(InvalidParameter.class,
                        invalid -> assertThat(invalid.parameter()).isEqualTo("q"));
    }

    @Test
    void queryWithMoreWordsThanTheBoundIsRejectedAndOperatorsAreNoWords() {
        String words = "word ".repeat(SearchParams.MAX_WORDS);

        assertThat(SearchParams.query(words + "- \"\" ()")).isNotNull();
        assertThatThrownBy(() -> SearchParams.query(words + "one-more")).isInstanceOf(InvalidParameter.class);
        // words joined by what PostgreSQL's parser splits at are words to it
        assertThat(SearchParams.query("ab,".repeat(SearchParams.MAX_WORDS))).isNotNull();
        for (String joiner : List.of(",", ";", "+", "_", "'", "@", ".", "/")) {
            assertThatThrownBy(() -> SearchParams.query("ab" + joiner + "ab,".repeat(SearchParams.MAX_WORDS)))
                    .as(joiner).isInstanceOf(InvalidParameter.class);
        }
    }

    @Test
    void limitIsBoundedAndCategoryIsTheSharedRule() {
        assertThat(SearchParams.limit(null)).isEqualTo(SearchParams.DEFAULT_LIMIT);
        assertThatThrownBy(() -> SearchParams.limit("51")).isInstanceOf(InvalidParameter.class);
        assertThatThrownBy(() -> SearchParams.category("c".repeat(101))).isInstanceOf(InvalidParameter.class);
    }
}
