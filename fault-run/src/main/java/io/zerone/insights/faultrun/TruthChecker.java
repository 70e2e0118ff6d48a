package io.zerone.insights.faultrun;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.zerone.insights.faultrun.Operation.Insight;
import io.zerone.insights.faultrun.QuerySurfaces.Shown;
import io.zerone.insights.faultrun.QuerySurfaces.Single;
import io.zerone.insights.faultrun.Verdict.Wrong;

/**
 * Compares, for every slug the run touched, the last accepted operation with every surface of query-service: the
 * JSON by slug, the HTML page, search, the JSON listing (set and order, along its cursors), the first page of the
 * HTML listing, the counter, the feed and the sitemap.
 */
final class TruthChecker {

    private final Ledger ledger;
    private final QuerySurfaces surfaces;

    TruthChecker(Ledger ledger, QuerySurfaces surfaces) {
        this.ledger = ledger;
        this.surfaces = surfaces;
    }

    Verdict check() {
        Verdict verdict = new Verdict();
        Map<String, Insight> resolved = new HashMap<>();
        for (String slug : ledger.slugs()) {
            resolved.put(slug, checkSingle(slug, verdict));
        }
        List<Shown> expected = resolved.entrySet().stream().filter(e -> e.getValue().live())
                .map(e -> new Shown(e.getKey(), e.getValue().title(), e.getValue().publishedAt()))
                .sorted(ListingOrder.NEWEST_FIRST).toList();

        compare("JSON listing", expected, surfaces.listing(), resolved, verdict, true);
        compare("HTML listing, first page", window(expected, 20), surfaces.listingPage(), resolved, verdict, true);
        compare("feed", window(expected, 20), surfaces.feed(), resolved, verdict, true);
        List<Shown> sitemap = surfaces.sitemap().stream().map(slug -> new Shown(slug, null, null)).toList();
        compare("sitemap", expected, sitemap, resolved, verdict, false);
        long counter = surfaces.counter();
        if (counter == expected.size()) {
            verdict.pass();
        } else {
            verdict.fail("counter: /api/stats says " + counter + " insights, " + expected.size() + " are live");
        }
        return verdict;
    }

    /** JSON by slug, the HTML page and search for one slug; returns the state it shows when that state is allowed. */
    private Insight checkSingle(String slug, Verdict verdict) {
        Set<Insight> allowed = ledger.allowed(slug);
        Single json = surfaces.json(slug);
        Insight shown = judge(slug, "JSON", json, allowed, verdict).orElse(allowed.iterator().next());
        judge(slug, "page", surfaces.page(slug), Set.of(shown), verdict);

        if (shown.live()) {
            QuerySurfaces.Search search = surfaces.search(shown.token());
            List<Shown> hits = search.fuzzy() ? List.of()
                    : search.hits().stream().filter(hit -> hit.slug().equals(slug)).toList();
            if (hits.isEmpty()) {
                verdict.fail(Wrong.LOST, slug, "search for its word " + shown.token() + " does not find it");
            } else if (hits.size() > 1) {
                verdict.fail(Wrong.DUPLICATED, slug, "search finds it " + hits.size() + " times");
            } else if (!hits.get(0).title().equals(shown.title())) {
                verdict.fail(Wrong.STALE, slug, "search shows '" + hits.get(0).title() + "', want '" + shown.title()
                        + "'");
            } else {
                verdict.pass();
            }
        }
        // the words of revisions that are no longer the truth must find nothing: the last one superseded is enough
        List<Insight> superseded = ledger.superseded(slug);
        if (!superseded.isEmpty()) {
            Insight last = superseded.get(superseded.size() - 1);
            QuerySurfaces.Search search = surfaces.search(last.token());
            boolean found = !search.fuzzy() && search.hits().stream().anyMatch(hit -> hit.slug().equals(slug));
            if (!found) {
                verdict.pass();
            } else if (shown.live()) {
                verdict.fail(Wrong.STALE, slug, "search still finds revision " + last.revision() + " by its word");
            } else {
                verdict.fail(Wrong.RESURRECTED, slug, "unpublished, yet search finds revision " + last.revision());
            }
        }
        return shown;
    }

    private Optional<Insight> judge(String slug, String surface, Single single, Set<Insight> allowed,
            Verdict verdict) {
        if (single.status() == 200) {
            Optional<Insight> match = allowed.stream().filter(Insight::live)
                    .filter(insight -> insight.title().equals(single.title())).findFirst();
            if (match.isPresent()) {
                verdict.pass();
            } else if (allowed.stream().noneMatch(Insight::live)) {
                verdict.fail(Wrong.RESURRECTED, slug, surface + " shows '" + single.title() + "' after its unpublish");
            } else {
                verdict.fail(Wrong.STALE, slug, surface + " shows '" + single.title() + "', want '"
                        + allowed.stream().filter(Insight::live).map(Insight::title).collect(Collectors.joining(
                                "' or '")) + "'");
            }
            return match;
        }
        if (single.status() == 404 || single.status() == 410) {
            Optional<Insight> match = allowed.stream().filter(insight -> !insight.live()).findFirst();
            if (match.isPresent()) {
                verdict.pass();
            } else {
                verdict.fail(Wrong.LOST, slug, surface + " answers " + single.status() + ", want revision "
                        + allowed.iterator().next().revision());
            }
            return match;
        }
        verdict.fail(surface + " of " + slug + " answers " + single.status());
        return Optional.empty();
    }

    /**
     * One surface that lists insights against the expected list: each expected insight once, with its current title,
     * nothing else, and (where {@code ordered}) in the listing's order. The order is judged by the longest run of
     * insights already in order; every insight outside it counts as reordered.
     */
    private void compare(String surface, List<Shown> expected, List<Shown> actual, Map<String, Insight> resolved,
            Verdict verdict, boolean ordered) {
        int before = verdict.failed();
        Map<String, Integer> rank = new LinkedHashMap<>();
        expected.forEach(shown -> rank.put(shown.slug(), rank.size()));
        Map<String, Long> times = actual.stream().collect(Collectors.groupingBy(Shown::slug, Collectors.counting()));
        times.forEach((slug, count) -> {
            if (count > 1) {
                verdict.fail(Wrong.DUPLICATED, slug, surface + " lists it " + count + " times");
            }
            if (!rank.containsKey(slug)) {
                Insight truth = resolved.get(slug);
                if (truth == null) {
                    verdict.fail(surface + " lists " + slug + ", which the run never published");
                } else if (!truth.live()) {
                    verdict.fail(Wrong.RESURRECTED, slug, surface + " lists it after its unpublish");
                } else {
                    verdict.fail(surface + " lists " + slug + " out of its window");
                }
            }
        });
        Map<String, String> titles = new HashMap<>();
        expected.forEach(shown -> titles.put(shown.slug(), shown.title()));
        for (Shown shown : expected) {
            if (!times.containsKey(shown.slug())) {
                verdict.fail(Wrong.LOST, shown.slug(), surface + " does not list it");
            }
        }
        for (Shown shown : actual) {
            String title = titles.get(shown.slug());
            if (shown.title() != null && title != null && !title.equals(shown.title())) {
                verdict.fail(Wrong.STALE, shown.slug(), surface + " shows '" + shown.title() + "', want '" + title
                        + "'");
            }
        }
        if (ordered) {
            List<Shown> known = actual.stream().filter(shown -> rank.containsKey(shown.slug())).distinct().toList();
            for (String slug : ListingOrder.outOfOrder(known, rank)) {
                verdict.fail(Wrong.REORDERED, slug, surface + " shows it out of order");
            }
        }
        verdict.passedIfNoneSince(before);
    }

    private static List<Shown> window(List<Shown> expected, int size) {
        return expected.subList(0, Math.min(size, expected.size()));
    }
}
