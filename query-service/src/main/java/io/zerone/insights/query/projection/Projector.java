package io.zerone.insights.query.projection;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.zerone.insights.events.InsightRemoved;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.RenderedEvent;
import reactor.core.publisher.Mono;

/**
 * Applies what render-service made of an editorial event to the read model. Each event is applied in one
 * transaction together with the revision it carries, so a redelivery, a replay from the start or an older
 * revision arriving late changes nothing (docs/adr/0007-projection-revisions-and-tombstones.md). The commit
 * also notifies every replica to drop its cached responses.
 */
@Component
class Projector {

    private final ProjectionStatements statements;
    private final TransactionalOperator transaction;

    Projector(ProjectionStatements statements, TransactionalOperator transaction) {
        this.statements = statements;
        this.transaction = transaction;
    }

    /** Emits whether the event changed the read model: false for a duplicate or an outdated revision. */
    Mono<Boolean> apply(RenderedEvent event) {
        Mono<Boolean> work;
        if (event instanceof InsightRendered rendered) {
            work = statements.upsertInsight(rendered).flatMap(applied -> applied
                    ? statements.upsertSearchDocument(rendered).then(statements.notifyChange(rendered.slug()))
                            .thenReturn(true)
                    : Mono.just(false));
        } else {
            InsightRemoved removed = (InsightRemoved) event; // the only other permitted RenderedEvent
            work = statements.tombstone(removed).flatMap(applied -> applied
                    ? statements.deleteSearchDocument(removed.slug()).then(statements.notifyChange(removed.slug()))
                            .thenReturn(true)
                    : Mono.just(false));
        }
        return transaction.transactional(work);
    }
}
