package io.zerone.insights.query.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ChangedInsightsTests {

    @Test
    void payloadNamesEachChangedSlug() {
        var change = ChangedInsights.parse("commit-before-async-io update-with-subquery-and-limit 2026-outage");

        assertThat(change.everything()).isFalse();
        assertThat(change.slugs())
                .containsExactlyInAnyOrder("commit-before-async-io", "update-with-subquery-and-limit", "2026-outage");
    }

    @Test
    void aSlugNamedTwiceIsOneChange() {
        var change = ChangedInsights.parse("same same");

        assertThat(change.slugs()).containsExactly("same");
    }

    @Test
    void starMeansEverythingChanged() {
        assertThat(ChangedInsights.parse("*").everything()).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "a  b", "a ", " a", "a,b", "Upper-case", "a--b", "-a", "{\"slugs\":[\"a\"]}", "a *"})
    void payloadOutsideTheContractIsReadAsEverything(String payload) {
        assertThat(ChangedInsights.parse(payload).everything()).isTrue();
    }

    @Test
    void changeOfSomeSlugsAffectsTheirEntriesAndEveryManyInsightsEntryOnly() {
        var change = ChangedInsights.parse("changed");

        assertThat(change.affects(CacheKey.singleInsight("changed", "page"))).isTrue();
        assertThat(change.affects(CacheKey.manyInsights("listing"))).isTrue();
        assertThat(change.affects(CacheKey.singleInsight("other", "page"))).isFalse();
    }
}
