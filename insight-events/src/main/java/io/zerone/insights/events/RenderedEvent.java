package io.zerone.insights.events;

import java.time.Instant;
import java.util.UUID;

/** What render-service makes of an {@link InsightEvent}, written to {@link Topics#INSIGHT_RENDERED}. */
public sealed interface RenderedEvent permits InsightRendered, InsightRemoved {

    UUID eventId();

    Instant occurredAt();

    /** The {@link InsightEvent#eventId()} this event was made from: consumers drop a second one. */
    UUID sourceEventId();

    Revision revision();

    String slug();
}
