package io.zerone.insights.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchPageTests {

    @Test
    void aLinkCarriesTheQueryAndCategoryAsTheyWereSearchedPlusSignsIncluded() {
        assertThat(SearchPage.href("c++ pool", null)).isEqualTo("/insights/search?q=c%2B%2B%20pool");
        assertThat(SearchPage.href("kafka", "R&D")).isEqualTo("/insights/search?q=kafka&category=R%26D");
    }
}
