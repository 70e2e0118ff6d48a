package io.zerone.insights.faultrun;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.zerone.insights.faultrun.QuerySurfaces.Shown;

/** The order the listing, the feed and the sitemap promise, and how far a surface strays from it. */
final class ListingOrder {

    /** Newest publishedAt first, then slug descending (ADR 10). */
    static final Comparator<Shown> NEWEST_FIRST = Comparator.comparing(Shown::publishedAt).reversed()
            .thenComparing(Shown::slug, Comparator.reverseOrder());

    private ListingOrder() {
    }

    /** The insights outside a longest increasing run of expected ranks: the fewest that must move. */
    static List<String> outOfOrder(List<Shown> actual, Map<String, Integer> rank) {
        int n = actual.size();
        int[] tails = new int[n];
        int[] tailIndex = new int[n];
        int[] previous = new int[n];
        int length = 0;
        for (int i = 0; i < n; i++) {
            int value = rank.get(actual.get(i).slug());
            int low = 0;
            int high = length;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (tails[mid] < value) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            tails[low] = value;
            tailIndex[low] = i;
            previous[i] = low > 0 ? tailIndex[low - 1] : -1;
            length = Math.max(length, low + 1);
        }
        boolean[] inRun = new boolean[n];
        for (int i = length > 0 ? tailIndex[length - 1] : -1; i >= 0; i = previous[i]) {
            inRun[i] = true;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!inRun[i]) {
                out.add(actual.get(i).slug());
            }
        }
        return out;
    }
}
