package io.zerone.insights.events;

import java.util.Map;

/**
 * Every topic of the pipeline, in one place. Each has a single writer. The event topics are keyed by slug and
 * compacted, so that replaying one from the start rebuilds the latest state of every insight.
 */
public final class Topics {

    /** {@link InsightEvent}s, key = slug. Written by ingest-service. */
    public static final String INSIGHT_EVENTS = "insight-events";

    /** {@link RenderedEvent}s, key = slug. Written by render-service. */
    public static final String INSIGHT_RENDERED = "insight-rendered";

    /** Records of {@link #INSIGHT_EVENTS} that could not be rendered, with the reason in headers. Not compacted. */
    public static final String INSIGHT_EVENTS_DLT = INSIGHT_EVENTS + ".DLT";

    public static final int DEFAULT_PARTITIONS = 6;

    /** Topic configuration of the compacted event topics. */
    public static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");

    private Topics() {
    }
}
