package io.zerone.insights.query.projection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.RenderedEvent;
import io.zerone.insights.query.projection.ProjectionBatch.Positioned;

/**
 * Which events of a batch can change the projection. Per slug, in revision order, an event whose source event was
 * processed before (in an earlier batch, or earlier in this one) is a duplicate: a retried publish, or the same
 * record again. Of the others only the newest revision is a candidate; the database still compares it with the
 * revision it holds, so an older one never wins across batches either.
 * <p>
 * A rendered revision whose {@code publishedAt} lies ahead is scheduled (docs/adr/0021): when it is the newest of its
 * slug it is the scheduled candidate, and the newest older revision that is not scheduled is still the live
 * candidate, so a batch ends where applying its events one by one would have ended.
 */
final class NewestPerSlug {

    /** A source event of a slug: what the projector records as processed. */
    record SourceEvent(String slug, UUID sourceEventId) {

        static SourceEvent of(RenderedEvent event) {
            return new SourceEvent(event.slug(), event.sourceEventId());
        }
    }

    /**
     * @param candidates the newest revision per slug among the events that are not duplicates
     * @param processed every source event of the batch, once, to record as processed
     * @param duplicates how many events were dropped as duplicates
     * @param fresh the events that are not duplicates, one per source event: what the status outbox reports on
     * @param scheduled the newest revision per slug where that one is scheduled
     */
    record Choice(List<RenderedEvent> candidates, Set<SourceEvent> processed, int duplicates,
            List<RenderedEvent> fresh, List<InsightRendered> scheduled) {
    }

    private static final Comparator<Positioned> REVISION_ORDER = Comparator
            .comparingLong((Positioned p) -> p.event().revision().offset())
            .thenComparingInt(Positioned::partition)
            .thenComparingLong(Positioned::offset);

    private NewestPerSlug() {
    }

    static Choice choose(Collection<Positioned> events, Set<SourceEvent> processedBefore) {
        return choose(events, processedBefore, event -> false);
    }

    static Choice choose(Collection<Positioned> events, Set<SourceEvent> processedBefore,
            Predicate<InsightRendered> isScheduled) {
        Map<String, List<Positioned>> bySlug = new LinkedHashMap<>();
        events.forEach(event -> bySlug.computeIfAbsent(event.event().slug(), slug -> new ArrayList<>()).add(event));
        List<RenderedEvent> candidates = new ArrayList<>();
        Set<SourceEvent> processed = new HashSet<>(processedBefore);
        Set<SourceEvent> recorded = new HashSet<>();
        List<RenderedEvent> fresh = new ArrayList<>();
        List<InsightRendered> scheduled = new ArrayList<>();
        int duplicates = 0;
        for (List<Positioned> revisions : bySlug.values()) {
            revisions.sort(REVISION_ORDER);
            RenderedEvent newest = null;
            RenderedEvent newestLive = null;
            for (Positioned revision : revisions) {
                SourceEvent source = SourceEvent.of(revision.event());
                if (processed.add(source)) {
                    recorded.add(source);
                    fresh.add(revision.event());
                    newest = revision.event();
                    if (!(newest instanceof InsightRendered rendered && isScheduled.test(rendered))) {
                        newestLive = newest;
                    }
                } else {
                    duplicates++;
                }
            }
            if (newest != null && newest != newestLive) {
                scheduled.add((InsightRendered) newest);
            }
            if (newestLive != null) {
                candidates.add(newestLive);
            }
        }
        return new Choice(candidates, recorded, duplicates, fresh, scheduled);
    }
}
