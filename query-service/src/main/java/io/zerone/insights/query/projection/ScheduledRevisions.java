package io.zerone.insights.query.projection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.query.projection.PendingRevisions.Due;

/**
 * Makes scheduled revisions visible once their {@code publishedAt} has come (docs/adr/0021), for the publish
 * scheduler: takes the due rows of the active generation that no other replica holds and applies them through the
 * statements of a live batch (insight, search document, kept counters, so the triggers' change log follows), reports
 * them live as of their scheduled instant through the status outbox, and notifies every replica's cache.
 */
@Component
public class ScheduledRevisions {

    /** Due revisions applied per transaction. */
    public static final int BATCH = 200;

    private static final Logger log = LoggerFactory.getLogger(ScheduledRevisions.class);

    private static final Comparator<Due> BY_SLUG = Comparator.comparing(due -> due.event().slug());

    private final ProjectorDatabase database;
    private final Generations generations;
    private final ProjectionLedger ledger;
    private final ProjectionStatements statements;
    private final PendingRevisions pending;
    private final StatusOutbox outbox;
    private final DeadLetters deadLetters;

    ScheduledRevisions(ProjectorDatabase database, Generations generations, ProjectionLedger ledger,
            ProjectionStatements statements, PendingRevisions pending, StatusOutbox outbox, DeadLetters deadLetters) {
        this.database = database;
        this.generations = generations;
        this.ledger = ledger;
        this.statements = statements;
        this.pending = pending;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
    }

    /** Applies one batch of the revisions due at {@code now}; returns how many it took (a full batch: call again). */
    public int publishDue(Instant now) {
        int taken = database.transaction().execute(status -> publishDueWithin(generations.activeForShare(), now,
                true));
        if (taken > 0) {
            outbox.committed();
        }
        return taken;
    }

    /** When the next scheduled revision of the active generation is due, if one is pending. */
    public Optional<Instant> nextDue() {
        return Optional.ofNullable(database.transaction().execute(status -> {
            ledger.useGeneration(generations.active());
            return pending.nextDue();
        }));
    }

    /**
     * Every revision of the generation due at {@code cutoff}, in the calling transaction: the rebuild's switch brings
     * both generations to the same instant before it compares them, reporting only for the active one.
     */
    void publishAllDue(String schema, Instant cutoff, boolean report) {
        while (publishDueWithin(schema, cutoff, report) == BATCH) {
            // the next batch of the same instant
        }
    }

    /**
     * Takes the due rows and applies them together; when the database refuses that for the data (a text it cannot
     * store, a value past one of its limits: {@link #refusesTheData}), each on its own under a savepoint, so that a
     * revision it refuses does not hold up every revision due with or after it, nor fail a rebuild's switch. Such a revision goes to the
     * dead-letter topic with the database's reason once the transaction has committed (a send inside it would hold
     * the transaction, and the revisions that went live, on the broker), when it is the active generation's
     * ({@code report}); in a rebuild's new generation it is left out, as the active generation leaves it out. When
     * every one of several due revisions is refused, the fault is not theirs (a statement or schema broken by a
     * deploy): the transaction fails and the scheduler tries again, so that nothing scheduled is dead-lettered by it.
     */
    private int publishDueWithin(String schema, Instant now, boolean report) {
        ledger.useGeneration(schema);
        List<Due> due = new ArrayList<>(pending.takeDue(now, BATCH));
        if (due.isEmpty()) {
            return 0;
        }
        // in slug order, as a live batch locks its rows
        due.sort(BY_SLUG);
        try {
            database.savepoint().executeWithoutResult(status -> apply(due, report));
            return due.size();
        } catch (DataAccessException e) {
            if (!refusesTheData(e)) {
                throw e;
            }
            log.warn("the database refused {} due scheduled revisions together ({}); applying them one at a time",
                    due.size(), reason(e));
        }
        List<Refused> refused = new ArrayList<>();
        for (Due one : due) {
            try {
                database.savepoint().executeWithoutResult(status -> apply(List.of(one), report));
            } catch (DataAccessException e) {
                if (!refusesTheData(e)) {
                    throw e;
                }
                refused.add(new Refused(one, e));
            }
        }
        if (due.size() > 1 && refused.size() == due.size()) {
            throw new IllegalStateException("the database refused each of " + due.size() + " due scheduled "
                    + "revisions: " + reason(refused.get(0).reason()));
        }
        refused.forEach(one -> log.warn("the database refuses the scheduled revision {} of {} (event {}), due at {}; "
                + "{}: {}", one.due().event().revision(), one.due().event().slug(), one.due().event().eventId(),
                one.due().liveAt(), report ? "it goes to the dead-letter topic" : "left out of " + schema,
                reason(one.reason())));
        if (report && !refused.isEmpty()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    refused.forEach(one -> {
                        try {
                            deadLetters.sendRejectedWhenDue(one.due().event(), one.reason());
                        } catch (RuntimeException failed) {
                            // its record stays on insight-rendered at its revision, and the warning above names it
                            log.warn("could not send the refused scheduled revision {} of {} to the dead-letter topic:"
                                    + " {}", one.due().event().revision(), one.due().event().slug(), failed.toString());
                        }
                    });
                }
            });
        }
        return due.size();
    }

    /** A due revision the database refused on its own, and its reason. */
    private record Refused(Due due, DataAccessException reason) {
    }

    /**
     * A text it cannot store, or a value past one of its limits (a search text whose vector passes 1 MB): Spring reads
     * the latter as the database being away, and such a revision failed every attempt of the scheduler, holding up
     * every revision due with or after it.
     */
    private static boolean refusesTheData(DataAccessException e) {
        return e instanceof DataIntegrityViolationException || ProjectionConfiguration.isBeyondALimit(e);
    }

    private static String reason(Exception e) {
        return NestedExceptionUtils.getMostSpecificCause(e).getMessage();
    }

    private void apply(List<Due> due, boolean report) {
        List<InsightRendered> events = due.stream().map(Due::event).toList();
        List<String> changed = statements.upsertInsights(events, event -> CompressedPage.of(event.pageHtml()));
        Set<String> applied = new HashSet<>(changed);
        statements.upsertSearchDocuments(events.stream().filter(event -> applied.contains(event.slug())).toList());
        if (!changed.isEmpty()) {
            statements.foldCounts();
        }
        if (report) {
            outbox.record(due.stream().map(d -> StatusOutbox.Reported.of(d.event(), d.liveAt())).toList(), changed);
            if (!changed.isEmpty()) {
                statements.notifyChange(ChangeNotice.payloads(changed,
                        events.stream().filter(event -> applied.contains(event.slug())).toList()));
            }
        }
    }
}
