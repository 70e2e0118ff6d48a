package io.zerone.insights.events;

import java.util.Map;

/**
 * Every name the pipeline gives Kafka, in one place: topics, dead-letter topics and consumer groups. Each topic has a
 * single writer. The event topics are keyed by slug and compacted, so that replaying one from the start rebuilds the
 * latest state of every insight; the preview topics are keyed by token and simply expire.
 */
public final class Topics {

    /** {@link InsightEvent}s, key = slug. Written by ingest-service. */
    public static final String INSIGHT_EVENTS = "insight-events";

    /** {@link RenderedEvent}s, key = slug. Written by render-service. */
    public static final String INSIGHT_RENDERED = "insight-rendered";

    /**
     * {@link StatusEvent}s, key = slug: what the site made of each source event. Written by query-service (its live
     * projector, through an outbox) and read by whoever reports on publishes. Not compacted: a log of outcomes, kept
     * for {@link #STATUS_RETENTION_MS}.
     */
    public static final String INSIGHT_STATUS = "insight-status";

    /** A week: longer than any receipt or webhook delivery needs the outcomes. */
    public static final long STATUS_RETENTION_MS = 7L * 24 * 60 * 60 * 1000;

    /**
     * {@link PreviewRequested}s, key = token. Written by ingest-service, read by render-service. Not compacted (every
     * token is written once) and kept only {@link #PREVIEW_RETENTION_MS}: a preview is a draft, not history.
     */
    public static final String INSIGHT_PREVIEWS = "insight-previews";

    /** {@link PreviewRendered}s, key = token. Written by render-service, read by query-service. Like {@link #INSIGHT_PREVIEWS}. */
    public static final String INSIGHT_PREVIEWS_RENDERED = "insight-previews-rendered";

    /** Two days: longer than the default life of a preview (24 h), so a stage that was down renders it still. */
    public static final long PREVIEW_RETENTION_MS = 2L * 24 * 60 * 60 * 1000;

    /** Topic configuration of the preview topics: deleted, not compacted, after {@link #PREVIEW_RETENTION_MS}. */
    public static final Map<String, String> PREVIEWS = Map.of(
            "cleanup.policy", "delete", "retention.ms", Long.toString(PREVIEW_RETENTION_MS));

    /** Records of {@link #INSIGHT_PREVIEWS} that could not be rendered, with the reason in headers. */
    public static final String INSIGHT_PREVIEWS_DLT = INSIGHT_PREVIEWS + ".DLT";

    /** Records of {@link #INSIGHT_PREVIEWS_RENDERED} that could not be stored, with the reason in headers. */
    public static final String INSIGHT_PREVIEWS_RENDERED_DLT = INSIGHT_PREVIEWS_RENDERED + ".DLT";

    /** Records of {@link #INSIGHT_EVENTS} that could not be rendered, with the reason in headers. Not compacted. */
    public static final String INSIGHT_EVENTS_DLT = INSIGHT_EVENTS + ".DLT";

    /** Records of {@link #INSIGHT_RENDERED} that could not be projected, with the reason in headers. Not compacted. */
    public static final String INSIGHT_RENDERED_DLT = INSIGHT_RENDERED + ".DLT";

    /** The consumer group of render-service on {@link #INSIGHT_EVENTS}; its offsets commit in the render transactions. */
    public static final String RENDER_GROUP = "render-service";

    /**
     * The consumer group of query-service's projector on {@link #INSIGHT_RENDERED}. It only shares out the partitions:
     * the projector reads from the offsets stored with its rows (docs/adr/0012).
     */
    public static final String PROJECTOR_GROUP = "query-projector";

    /** The consumer group of render-service on {@link #INSIGHT_PREVIEWS}: apart from the insights', never in their way. */
    public static final String RENDER_PREVIEWS_GROUP = "render-previews";

    /** The consumer group of query-service's preview store on {@link #INSIGHT_PREVIEWS_RENDERED}. */
    public static final String PREVIEW_STORE_GROUP = "query-previews";

    /** The consumer group of ingest-service's receipts on the status, rendered and dead-letter topics. */
    public static final String RECEIPTS_GROUP = "ingest-receipts";

    /**
     * The consumer group of ingest-service's webhooks on the status and dead-letter topics: apart from the receipts', so
     * that each outcome is turned into deliveries once, by one replica, whatever the receipts are doing.
     */
    public static final String WEBHOOKS_GROUP = "ingest-webhooks";

    /**
     * {@link io.zerone.insights.events.cases.CaseEvent}s, key = case number ("06"). Written by ingest-service.
     * Compacted like {@link #INSIGHT_EVENTS}, and a topic of its own: cases have their own key space (numbers, not
     * slugs), their own few records, and consumers that dispatch on the topic (docs/adr/0024-cases-and-case-links.md).
     */
    public static final String CASE_EVENTS = "case-events";

    /** {@link io.zerone.insights.events.cases.CaseRenderedEvent}s, key = case number. Written by render-service. */
    public static final String CASE_RENDERED = "case-rendered";

    /** Records of {@link #CASE_EVENTS} that could not be rendered, with the reason in headers. Not compacted. */
    public static final String CASE_EVENTS_DLT = CASE_EVENTS + ".DLT";

    /** Records of {@link #CASE_RENDERED} that could not be projected, with the reason in headers. Not compacted. */
    public static final String CASE_RENDERED_DLT = CASE_RENDERED + ".DLT";

    /** The consumer group of render-service on {@link #CASE_EVENTS}: apart from the insights', never in their way. */
    public static final String RENDER_CASES_GROUP = "render-cases";

    /** The consumer group of query-service's case projector on {@link #CASE_RENDERED}. */
    public static final String CASE_PROJECTOR_GROUP = "query-cases";

    public static final int DEFAULT_PARTITIONS = 6;

    /** Topic configuration of the compacted event topics. */
    public static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");

    /**
     * Topic configuration of a topic that takes rendered records, 4 MiB each at most (render-service's producer
     * limit): the rendered topics and every dead-letter topic such a record can be sent to.
     */
    public static final Map<String, String> LARGE_RECORDS = Map.of("max.message.bytes", String.valueOf(4 * 1024 * 1024));

    private Topics() {
    }
}
