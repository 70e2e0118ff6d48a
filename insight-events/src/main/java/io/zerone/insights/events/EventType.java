package io.zerone.insights.events;

import java.util.Arrays;
import java.util.Optional;

import io.zerone.insights.events.cases.CasePublished;
import io.zerone.insights.events.cases.CaseRemoved;
import io.zerone.insights.events.cases.CaseRendered;
import io.zerone.insights.events.cases.CaseUnpublished;

/**
 * The CloudEvents {@code type} each event record is written with; the trailing version changes with the wire format.
 * Older versions that are still read are listed in {@link CloudEventCodec}, not here: nothing writes them any more.
 */
public enum EventType {

    INSIGHT_PUBLISHED("insight.published.v2", InsightPublished.class),
    INSIGHT_UNPUBLISHED("insight.unpublished.v1", InsightUnpublished.class),
    INSIGHT_RENDERED("insight.rendered.v1", InsightRendered.class),
    INSIGHT_REMOVED("insight.removed.v1", InsightRemoved.class),
    REVISION_LIVE("insight.live.v1", RevisionWentLive.class),
    REVISION_SCHEDULED("insight.scheduled.v1", RevisionScheduled.class),
    REVISION_SUPERSEDED("insight.superseded.v1", RevisionSuperseded.class),
    INSIGHT_TAKEN_DOWN("insight.taken-down.v1", InsightTakenDown.class),
    PREVIEW_REQUESTED("insight.preview-requested.v1", PreviewRequested.class),
    PREVIEW_RENDERED("insight.preview-rendered.v1", PreviewRendered.class),
    CASE_PUBLISHED("case.published.v1", CasePublished.class),
    CASE_UNPUBLISHED("case.unpublished.v1", CaseUnpublished.class),
    CASE_RENDERED("case.rendered.v1", CaseRendered.class),
    CASE_REMOVED("case.removed.v1", CaseRemoved.class);

    private final String ceType;
    private final Class<? extends Record> recordType;

    EventType(String ceType, Class<? extends Record> recordType) {
        this.ceType = ceType;
        this.recordType = recordType;
    }

    public String ceType() {
        return ceType;
    }

    public Class<? extends Record> recordType() {
        return recordType;
    }

    public static Optional<EventType> fromCeType(String ceType) {
        return Arrays.stream(values()).filter(type -> type.ceType.equals(ceType)).findFirst();
    }

    public static EventType of(Object event) {
        return Arrays.stream(values())
                .filter(type -> type.recordType.equals(event.getClass()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event of the contract: " + event.getClass()));
    }
}
