package io.zerone.insights.query.projection;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.Topics;
import io.zerone.insights.query.projection.GenerationTables.Counts;
import io.zerone.insights.query.projection.GenerationTables.Index;
import io.zerone.insights.query.projection.RebuildReplay.Rejected;

/**
 * Rebuilds the projection beside the live one and switches readers to it without downtime (blue/green,
 * docs/adr/0012): a new generation schema, loaded by replaying insight-rendered through the same projector without its
 * secondary indexes, indexed and analysed, caught up, then switched in one transaction that pauses the live
 * projectors, brings the new generation to exactly the offsets the active one holds, carries over from the active one
 * the slugs whose only record left is one the database rejects, compares their counts and activates it. The old
 * generation is dropped afterwards.
 */
@Component
class Rebuild {

    /**
     * What the rebuild did: live insights in the new generation, records replayed, records skipped because they are no
     * event or because the database rejects them (both went to the dead-letter topic when the live projector read
     * them), the slugs of rejected events whose rows were carried over from the active generation, seconds from start
     * to end.
     */
    record Result(String generation, long insights, long records, long undecodable, List<Rejected> rejected,
            List<String> carriedOver, double seconds) {

        Result {
            rejected = List.copyOf(rejected);
            carriedOver = List.copyOf(carriedOver);
        }
    }

    /** What the switch found: the new generation's counts, the slugs it carried over from the active one. */
    private record Switched(Counts counts, List<String> carriedOver) {
    }

    private static final Logger log = LoggerFactory.getLogger(Rebuild.class);
    private static final String TOPIC = Topics.INSIGHT_RENDERED;

    private final ProjectorDatabase database;
    private final Generations generations;
    private final GenerationTables tables;
    private final Projector projector;
    private final RebuildReplay replay;
    private final ProjectionStatements statements;
    private final ProjectionLedger ledger;
    private final ScheduledRevisions scheduled;

    Rebuild(ProjectorDatabase database, Generations generations, GenerationTables tables, Projector projector,
            RebuildReplay replay, ProjectionStatements statements, ProjectionLedger ledger,
            ScheduledRevisions scheduled) {
        this.database = database;
        this.generations = generations;
        this.tables = tables;
        this.projector = projector;
        this.replay = replay;
        this.statements = statements;
        this.ledger = ledger;
        this.scheduled = scheduled;
    }

    /** Fails when another rebuild runs against the same database, or when the generations do not match. */
    Result run() {
        return database.exclusively("projection-rebuild", this::rebuild);
    }

    private Result rebuild() {
        long started = System.nanoTime();
        long replayedBefore = replay.replayed();
        long undecodableBefore = replay.undecodable();
        for (String leftover : generations.building()) {
            log.warn("rebuild: dropping {}, left behind by a rebuild that did not finish", leftover);
            tables.drop(leftover);
            generations.forget(leftover);
        }
        String active = generations.active();
        // a rebuild killed after its switch committed, before it dropped the generation it retired, left that schema
        // (a full copy of the projection) behind; its row stays, as every retired generation's does
        for (String retired : generations.retiredWithSchema()) {
            if (!retired.equals(active)) {
                log.warn("rebuild: dropping {}, retired by a rebuild that did not finish", retired);
                tables.drop(retired);
            }
        }
        String target = generations.registerNext();
        Queue<Rejected> rejected = new ConcurrentLinkedQueue<>();
        Switched switched;
        try {
            tables.copy(active, target);
            List<Index> indexes = tables.secondaryIndexes(active);
            tables.dropSecondaryIndexes(target);
            log.info("rebuild: replaying {} into {} (without its {} secondary indexes) up to {}'s offsets", TOPIC,
                    target, indexes.size(), active);
            replay.replay(target, projector.storedOffsets(active, TOPIC), rejected,
                    () -> progress(started, replayedBefore));
            progress(started, replayedBefore);

            log.info("rebuild: building {} indexes of {}", indexes.size(), target);
            tables.createIndexes(indexes, active, target);
            tables.analyze(target);
            log.info("rebuild: indexes built after {} s; catching up with {}",
                    String.format("%.0f", (System.nanoTime() - started) / 1e9), active);
            replay.replay(target, projector.storedOffsets(active, TOPIC), rejected,
                    () -> progress(started, replayedBefore));
            switched = switchTo(active, target, rejected);
        } catch (RuntimeException e) {
            try {
                // a switch whose commit was cut off by a broken connection may have committed all the same: the target
                // is then what the site reads, and dropping it (cascade: the read views too) would take the site down
                if (generations.active().equals(target)) {
                    log.error("rebuild: the switch failed to confirm, but {} is active; {} stays until the next "
                            + "rebuild drops it", target, active);
                } else {
                    tables.drop(target);
                    generations.forget(target);
                }
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        // readers and projectors are on the target now; the old generation goes (cascade: only its own tables)
        if (!generations.active().equals(target)) {
            throw new RebuildFailedException(target + " is not the active generation after the switch");
        }
        tables.drop(active);
        double seconds = (System.nanoTime() - started) / 1e9;
        Counts counts = switched.counts();
        log.info("rebuild: {} is active with {} live insights ({} rows); {} dropped; {} records the database rejects "
                + "skipped, {} slugs carried over", target, counts.live(), counts.insights(), active, rejected.size(),
                switched.carriedOver().size());
        return new Result(target, counts.live(), replay.replayed() - replayedBefore,
                replay.undecodable() - undecodableBefore, List.copyOf(rejected), switched.carriedOver(), seconds);
    }

    /**
     * One transaction: lock the active generation (live projectors wait at their next batch), read its offsets B,
     * apply the new generation up to exactly B, publish what is due in both, carry over the slugs of rejected events
     * the new generation lacks, the active one's answer of every tombstone (410 or 404) and the times insights left
     * its counters (the feeds' updated), compare the counts,
     * activate, tell every replica to empty its cache.
     */
    private Switched switchTo(String active, String target, Collection<Rejected> rejected) {
        return database.transaction().execute(status -> {
            String locked = generations.activeForUpdate();
            if (!locked.equals(active)) {
                throw new RebuildFailedException("the active generation changed to " + locked + " during the rebuild");
            }
            Map<Integer, Long> offsets = projector.storedOffsets(active, TOPIC);
            log.info("rebuild: live projectors paused; bringing {} to {}'s offsets {}", target, active, offsets);
            List<TopicPartition> partitions = offsets.keySet().stream().map(p -> new TopicPartition(TOPIC, p)).toList();
            replay.replayOnThisThread(target, partitions, offsets, rejected);
            projector.storeOffsets(target, TOPIC, offsets);
            // the replay stored as scheduled what was ahead when it read it: both generations publish what is due
            // at one instant (the active one reporting it live), so they hold the same before they are compared
            Instant cutoff = Instant.now();
            scheduled.publishAllDue(active, cutoff, true);
            scheduled.publishAllDue(target, cutoff, false);
            List<String> carriedOver = carryOver(active, target, rejected);
            int answers = tables.copyWasLive(active, target);
            if (answers > 0) {
                log.info("rebuild: {} tombstones of {} take {}'s answer to whether their slug was ever live", answers,
                        target, active);
            }
            tables.copyLeftAt(active, target);
            Counts live = tables.counts(active);
            Counts rebuilt = tables.counts(target);
            if (!live.equals(rebuilt)) {
                throw new RebuildFailedException("counts do not match at offsets " + offsets + ": " + active + " has "
                        + live + ", " + target + " has " + rebuilt + "; " + active + " stays active");
            }
            generations.activate(target);
            statements.notifyChange(List.of(ChangeNotice.EVERYTHING));
            return new Switched(rebuilt, carriedOver);
        });
    }

    /**
     * A skipped event leaves its slug out of the new generation when no other record of the slug is left on the topic:
     * after compaction, the rejected revision is all that is left of a slug whose older revision the active generation
     * still holds (the live projector sent the rejected one to the dead-letter topic and kept serving the older one).
     * The new generation takes the active one's rows of those slugs, so that the site keeps serving what it served
     * and the counts can be compared whole; the tables' triggers keep the counters, tag listing, vocabulary and sync
     * log of the new generation as they do for the projector's writes.
     */
    private List<String> carryOver(String active, String target, Collection<Rejected> rejected) {
        List<String> carried = tables.carryOver(active, target, rejected.stream().map(Rejected::slug).toList());
        if (!carried.isEmpty()) {
            ledger.useGeneration(target);
            statements.foldCounts();
            log.warn("rebuild: carried over {} slugs from {}, whose only records left are ones the database "
                    + "rejects: {}", carried.size(), active, carried);
        }
        return carried;
    }

    private void progress(long started, long replayedBefore) {
        double seconds = (System.nanoTime() - started) / 1e9;
        long records = replay.replayed() - replayedBefore;
        log.info("rebuild: {} records replayed in {} s ({}/s)", String.format("%,d", records),
                String.format("%.0f", seconds), String.format("%,.0f", records / Math.max(seconds, 0.001)));
    }

    static class RebuildFailedException extends RuntimeException {

        RebuildFailedException(String message) {
            super(message);
        }
    }
}
