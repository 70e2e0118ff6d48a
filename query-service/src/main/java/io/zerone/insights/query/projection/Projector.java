package io.zerone.insights.query.projection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zerone.insights.events.InsightRemoved;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.RenderedEvent;
import io.zerone.insights.query.projection.NewestPerSlug.Choice;
import io.zerone.insights.query.projection.NewestPerSlug.SourceEvent;

/**
 * Applies a batch of what render-service made to a projection generation, in one transaction together with the
 * offsets it consumed and the source events it processed, so that a redelivery, a replay, a retried publish or an
 * older revision arriving late changes nothing (docs/adr/0007 and 0012). The live projector and the rebuild both
 * apply through here; only the live one notifies the replicas.
 */
@Component
class Projector {

    /**
     * What a batch did: records below the stored offsets are skipped, the rest applied, superseded or duplicates;
     * {@code reported} statuses went into the outbox, {@code scheduled} revisions wait for their publishedAt.
     * {@code shown}: the changed slugs whose answer to readers changed, all but the tombstones of slugs never live,
     * which answered 404 before and do after, and whose notice would empty every listing for nothing.
     */
    record Outcome(List<String> changed, List<String> shown, int superseded, int duplicates, int skipped, int reported,
            int scheduled, List<InsightRendered> published) {

        static final Outcome NOTHING = new Outcome(List.of(), List.of(), 0, 0, 0, 0, 0, List.of());
    }

    private static final Comparator<RenderedEvent> BY_SLUG = Comparator.comparing(RenderedEvent::slug);

    private final ProjectorDatabase database;
    private final ProjectionStatements statements;
    private final ProjectionLedger ledger;
    private final Generations generations;
    private final StatusOutbox outbox;
    private final PendingRevisions pending;
    private final ApplicationEventPublisher events;
    private final Counter applied;
    private final Counter superseded;
    private final Counter duplicates;
    private final Counter skipped;

    Projector(ProjectorDatabase database, ProjectionStatements statements, ProjectionLedger ledger,
            Generations generations, StatusOutbox outbox, PendingRevisions pending, ApplicationEventPublisher events,
            MeterRegistry meters) {
        this.database = database;
        this.statements = statements;
        this.ledger = ledger;
        this.generations = generations;
        this.outbox = outbox;
        this.pending = pending;
        this.events = events;
        this.applied = events(meters, "applied");
        this.superseded = events(meters, "superseded");
        this.duplicates = events(meters, "duplicate");
        this.skipped = events(meters, "skipped");
    }

    private static Counter events(MeterRegistry meters, String outcome) {
        return Counter.builder("query.projection.events").tag("outcome", outcome)
                .description("events the projector received, by what became of them").register(meters);
    }

    /**
     * The database holds less than the consumer was positioned after: it lost commits it had acknowledged (a crash
     * with {@code synchronous_commit=off}, a restore). Nothing of the batch is applied; read again from {@code stored}.
     */
    static final class StoredOffsetsBehind extends RuntimeException {

        private final transient Map<Integer, Long> stored;

        StoredOffsetsBehind(Map<Integer, Long> stored) {
            super("the stored offsets " + stored + " are behind the consumer", null, false, false);
            this.stored = Map.copyOf(stored);
        }

        Map<Integer, Long> stored() {
            return stored;
        }
    }

    /**
     * Applies the batch to the generation readers see and notifies every replica of what changed. {@code expected}
     * is where the consumer believes the database's offsets stand: the offsets it stored last, or sought to.
     *
     * @throws StoredOffsetsBehind when the database holds less for a partition of the batch than {@code expected}
     */
    Outcome applyToActive(ProjectionBatch batch, Map<Integer, Long> expected) {
        Outcome outcome = counted(database.transaction().execute(status -> {
            Outcome applied = applyWithin(generations.activeForShare(), batch, expected, true);
            if (!applied.shown().isEmpty()) {
                statements.notifyChange(ChangeNotice.payloads(applied.shown(), applied.published()));
            }
            return applied;
        }));
        if (outcome.reported() > 0) {
            outbox.committed();
        }
        if (outcome.scheduled() > 0) {
            events.publishEvent(new RevisionsScheduled());
        }
        return outcome;
    }

    /**
     * Applies the batch to the given generation, in the calling thread's transaction if it has one, reporting no
     * status: the rebuild's replay, whose source events were reported when the live projector applied them.
     */
    Outcome applyTo(String schema, ProjectionBatch batch) {
        return counted(database.transaction().execute(status -> applyWithin(schema, batch, Map.of(), false)));
    }

    /** The next offsets the active generation has stored, by partition; where none is stored, start at 0. */
    Map<Integer, Long> storedOffsets(String topic) {
        return database.transaction().execute(status -> storedOffsets(generations.active(), topic));
    }

    /** The next offsets the generation has stored, in the calling thread's transaction if it has one. */
    Map<Integer, Long> storedOffsets(String schema, String topic) {
        return database.transaction().execute(status -> {
            ledger.useGeneration(schema);
            return ledger.offsets(topic);
        });
    }

    /** Sets the generation's next offsets to at least these, in the calling thread's transaction. */
    void storeOffsets(String schema, String topic, Map<Integer, Long> nextOffsets) {
        database.transaction().executeWithoutResult(status -> {
            ledger.useGeneration(schema);
            if (!nextOffsets.isEmpty()) {
                ledger.storeOffsets(topic, nextOffsets);
            }
        });
    }

    /**
     * Stores the active generation's next offset past a record the error handler has just sent to the dead-letter
     * topic. Until a later record of its partition was applied, the stored offset still pointed at it, and a restart
     * or a rebalance in between read it again, retried it for {@code dead-letter-after} and sent it a second time;
     * on a quiet partition that was every deploy. A record sent before the one the database holds moves nothing.
     */
    void movePastDeadLetter(ConsumerRecord<?, ?> record) {
        database.transaction().executeWithoutResult(status -> {
            ledger.useGeneration(generations.activeForShare());
            ledger.storeOffsets(record.topic(), Map.of(record.partition(), record.offset() + 1));
        });
    }

    private Outcome applyWithin(String schema, ProjectionBatch batch, Map<Integer, Long> expected, boolean report) {
        ledger.useGeneration(schema);
        if (batch.isEmpty()) {
            return Outcome.NOTHING;
        }
        Map<Integer, Long> stored = ledger.lockOffsets(batch.topic(), batch.nextOffsets().keySet());
        // a lost commit would otherwise stay lost: this batch would store offsets beyond the records it never applied
        if (stored.entrySet().stream().anyMatch(s -> s.getValue() < expected.getOrDefault(s.getKey(), 0L))) {
            throw new StoredOffsetsBehind(stored);
        }
        ProjectionBatch fresh = batch.from(stored);
        Set<SourceEvent> sources = fresh.events().stream().map(p -> SourceEvent.of(p.event()))
                .collect(Collectors.toSet());
        Instant now = Instant.now();
        Choice choice = NewestPerSlug.choose(fresh.events(), ledger.processed(sources),
                rendered -> rendered.insight().publishedAt().isAfter(now));

        List<InsightRendered> rendered = new ArrayList<>();
        List<InsightRemoved> removed = new ArrayList<>();
        // in slug order, so that two transactions that ever touch the same rows lock them in the same order
        choice.candidates().stream().sorted(BY_SLUG).forEach(event -> {
            if (event instanceof InsightRendered r) {
                rendered.add(r);
            } else {
                removed.add((InsightRemoved) event); // the only other permitted RenderedEvent
            }
        });
        List<String> changed = new ArrayList<>(statements.upsertInsights(rendered, fresh::compressedPage));
        Set<String> upserted = new HashSet<>(changed);
        List<InsightRendered> published = rendered.stream().filter(event -> upserted.contains(event.slug())).toList();
        statements.upsertSearchDocuments(published);
        List<String> shown = new ArrayList<>(changed);
        statements.remove(removed).forEach(removal -> {
            changed.add(removal.slug());
            if (removal.wasLive()) {
                shown.add(removal.slug());
            }
        });
        if (!changed.isEmpty()) {
            statements.foldCounts();
        }
        PendingRevisions.Stored scheduled = pending.store(choice.scheduled());
        ledger.recordProcessed(choice.processed());
        if (report) {
            List<StatusOutbox.Reported> reported = new ArrayList<>();
            choice.fresh().forEach(event -> reported.add(StatusOutbox.Reported.of(event, null)));
            // a scheduled revision of an earlier batch that a newer scheduled one replaced: superseded by it
            scheduled.replaced().forEach(old -> reported.add(new StatusOutbox.Reported(old.slug(),
                    old.sourceEventId(), old.revision(), null)));
            outbox.record(reported, changed);
        } else {
            outbox.cancelScheduled(changed);
        }
        if (!fresh.nextOffsets().isEmpty()) {
            ledger.storeOffsets(batch.topic(), fresh.nextOffsets());
        }

        int notApplied = fresh.events().size() - choice.duplicates() - changed.size() - scheduled.slugs().size();
        return new Outcome(changed, shown, notApplied, choice.duplicates(), batch.size() - fresh.size(),
                report ? choice.fresh().size() : 0, scheduled.slugs().size(), published);
    }

    /** Counted after the commit, so that a retried batch counts once; inside a caller's transaction, before. */
    private Outcome counted(Outcome outcome) {
        applied.increment(outcome.changed().size());
        superseded.increment(outcome.superseded());
        duplicates.increment(outcome.duplicates());
        skipped.increment(outcome.skipped());
        return outcome;
    }
}
