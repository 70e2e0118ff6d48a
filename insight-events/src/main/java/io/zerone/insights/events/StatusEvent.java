package io.zerone.insights.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What the site made of one {@link InsightEvent}, written by query-service to {@link Topics#INSIGHT_STATUS} once the
 * change is visible (or known never to be): the facts a publish receipt, a wait until live and a webhook are built
 * from. At least once: a consumer keeps the first of each {@code (sourceEventId, type)}.
 */
public sealed interface StatusEvent permits RevisionWentLive, RevisionScheduled, RevisionSuperseded, InsightTakenDown {

    UUID eventId();

    Instant occurredAt();

    /** The {@link InsightEvent#eventId()} this status is about: the id a publish answered with. */
    UUID sourceEventId();

    /** The revision the source event became (its position in {@link Topics#INSIGHT_EVENTS}). */
    Revision revision();

    String slug();
}
