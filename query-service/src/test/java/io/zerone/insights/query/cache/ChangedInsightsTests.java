package io.zerone.insights.query.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

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

    @Test
    void payloadNamesTheTagsAndCasesThePublishedInsightsCarry() {
        var change = ChangedInsights.parse("retry-storms tag:resilience tag:c%2B%2B case:Case+06");

        assertThat(change.everything()).isFalse();
        assertThat(change.slugs()).containsExactly("retry-storms");
        assertThat(change.tags()).containsExactlyInAnyOrder("resilience", "c++");
        assertThat(change.cases()).containsExactly("Case 06");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tag:a", "case:06", "a tag:", "a case:", "a label:x"})
    void topicsWithoutASlugOrUnknownTokensAreReadAsEverything(String payload) {
        assertThat(ChangedInsights.parse(payload).everything()).isTrue();
    }

    @Test
    void pageWithRelatedInsightsIsDroppedOnlyWhenTheChangeMayAlterItsChoice() {
        CacheKey key = CacheKey.withRelated("page", "site:article");
        var cached = CompletableFuture.completedFuture(new Related(Set.of("candidate"), Set.of("postgresql"), "01"));

        assertThat(ChangedInsights.parse("unrelated tag:kafka case:02").affects(key, cached)).isFalse();
        assertThat(ChangedInsights.parse("page").affects(key, cached)).isTrue();
        assertThat(ChangedInsights.parse("candidate").affects(key, cached)).isTrue();
        assertThat(ChangedInsights.parse("newcomer tag:postgresql").affects(key, cached)).isTrue();
        assertThat(ChangedInsights.parse("newcomer case:01").affects(key, cached)).isTrue();
        assertThat(ChangedInsights.parse("unrelated").affects(key, new CompletableFuture<>()))
                .as("a load in flight may have read the state before the change").isTrue();
    }

    private record Related(Set<String> candidates, Set<String> tags, String caseRef) implements CacheKey.Related {
    }
}
