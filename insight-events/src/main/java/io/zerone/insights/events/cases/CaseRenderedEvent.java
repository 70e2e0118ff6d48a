package io.zerone.insights.events.cases;

import java.time.Instant;
import java.util.UUID;

import io.zerone.insights.events.Revision;
import io.zerone.insights.events.Topics;

/** What render-service makes of a {@link CaseEvent}, written to {@link Topics#CASE_RENDERED}, keyed by number. */
public sealed interface CaseRenderedEvent permits CaseRendered, CaseRemoved {

    UUID eventId();

    Instant occurredAt();

    /** The {@link CaseEvent#eventId()} this event was made from. */
    UUID sourceEventId();

    /** The source record's position in {@link Topics#CASE_EVENTS}: a newer one wins. */
    Revision revision();

    String number();
}
