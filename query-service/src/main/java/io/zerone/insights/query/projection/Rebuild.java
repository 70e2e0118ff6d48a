package io.zerone.insights.query.projection;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

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
 * projectors, brings the new generation to exactly the offsets the active one holds, compares their counts and
 * activates it. The old generation is dropped afterwards.
 */
@Component
class Rebuild {

    /**
     * What the rebuild did: live insights in the new generation, records replayed, records skipped because they are no
     * event or because the database rejects them (both went to the dead-letter topic when the live projector read
     * them), seconds from start to end.
     */
    record Result(String generation, long insights, long records, long undecodable, List<Rejected> rejected,
            double seconds) {

        Result {
            rejected = List.copyOf(rejected);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Rebuild.class);
    private static final String TOPIC = Topics.INSIGHT_RENDERED;

    private final ProjectorDatabase database;
    private final Generations generations;
    private final GenerationTables tables;
    private final Projector projector;
    private final RebuildReplay replay;
    private final ProjectionStatements statements;
    private final ScheduledRevisions scheduled;

    Rebuild(ProjectorDatabase database, Generations generations, GenerationTables tables, Projector projector,
            RebuildReplay replay, ProjectionStatements statements, ScheduledRevisions scheduled) {
        this.database = database;
        this.generations = generations;
        this.tables = tables;
        this.projector = projector;
        this.replay = replay;
        this.statements = statements;
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
        Counts counts;
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
            counts = switchTo(active, target, rejected);
        } catch (RuntimeException e) {
            try {
                tables.drop(target);
                generations.forget(target);
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
        log.info("rebuild: {} is active with {} live insights ({} rows); {} dropped; {} records the database rejects "
                + "skipped", target, counts.live(), counts.insights(), active, rejected.size());
        return new Result(target, counts.live(), replay.replayed() - replayedBefore,
                replay.undecodable() - undecodableBefore, List.copyOf(rejected), seconds);
    }

    /**
     * One transaction: lock the active generation (live projectors wait at their next batch), read its offsets B,
     * apply the new generation up to exactly B, publish what is due in both, compare the counts (without the slugs of
     * the events the database rejected), activate, tell every replica to empty its cache.
     */
    private Counts switchTo(String active, String target, Collection<Rejected> rejected) {
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
            Set<String> leftOut = slugsOfRejected(active, rejected);
            Counts live = tables.counts(active, leftOut);
            Counts rebuilt = tables.counts(target, leftOut);
            if (!live.equals(rebuilt)) {
                throw new RebuildFailedException("counts do not match at offsets " + offsets + " (without the "
                        + leftOut.size() + " slugs of rejected records): " + active + " has " + live + ", " + target
                        + " has " + rebuilt + "; " + active + " stays active");
            }
            generations.activate(target);
            statements.notifyChange(List.of(ChangeNotice.EVERYTHING));
            return rebuilt;
        });
    }

    /**
     * The slugs the counts are compared without. A skipped event may leave its slug different in the two generations:
     * after compaction the active generation can hold an older revision of a slug whose only record left on the topic
     * is the rejected one, which the rebuilt generation then lacks. The rest of the two generations must still match
     * exactly. Leaving a slug out is right only if the live projector did not apply the rejected revision either: if
     * the active generation holds it, the rebuild rejects what the live projector accepted (a fault, say in a
     * statement of this version, that might reject every event), and leaving those slugs out could switch readers to a
     * generation without them, so the rebuild fails instead.
     */
    private Set<String> slugsOfRejected(String active, Collection<Rejected> rejected) {
        Set<String> accepted = tables.slugsAtRevisions(active, rejected);
        if (!accepted.isEmpty()) {
            throw new RebuildFailedException("the database rejected " + accepted.size() + " revisions that " + active
                    + " holds, among them " + accepted.iterator().next() + "'s; " + active + " stays active");
        }
        return rejected.stream().map(Rejected::slug).collect(Collectors.toSet());
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
