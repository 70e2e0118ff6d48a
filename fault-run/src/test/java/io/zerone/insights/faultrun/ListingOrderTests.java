package io.zerone.insights.faultrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.zerone.insights.faultrun.QuerySurfaces.Shown;

class ListingOrderTests {

    @Test
    void listingInOrderHasNothingOutOfOrder() {
        List<Shown> listing = shown("e", "d", "c", "b", "a");

        assertThat(ListingOrder.outOfOrder(listing, ranks("e", "d", "c", "b", "a"))).isEmpty();
    }

    @Test
    void oneInsightMovedCountsAsOneReorderedNotAsEveryOneItShifted() {
        List<Shown> listing = shown("a", "e", "d", "c", "b");

        assertThat(ListingOrder.outOfOrder(listing, ranks("e", "d", "c", "b", "a"))).containsExactly("a");
    }

    @Test
    void listingOrderIsNewestFirstThenSlugDescending() {
        Shown older = new Shown("zebra", "Z", Instant.parse("2024-01-01T00:00:00Z"));
        Shown newerB = new Shown("b", "B", Instant.parse("2025-01-01T00:00:00Z"));
        Shown newerC = new Shown("c", "C", Instant.parse("2025-01-01T00:00:00Z"));

        assertThat(Stream.of(older, newerB, newerC).sorted(ListingOrder.NEWEST_FIRST).map(Shown::slug))
                .containsExactly("c", "b", "zebra");
    }

    private static List<Shown> shown(String... slugs) {
        return Stream.of(slugs).map(slug -> new Shown(slug, slug, null)).toList();
    }

    private static Map<String, Integer> ranks(String... slugs) {
        Map<String, Integer> ranks = new java.util.HashMap<>();
        for (String slug : slugs) {
            ranks.put(slug, ranks.size());
        }
        return ranks;
    }
}
