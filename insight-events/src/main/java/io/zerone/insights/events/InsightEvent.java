package io.zerone.insights.events;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/** What editorial systems tell the pipeline, written by ingest-service to {@link Topics#INSIGHT_EVENTS}. */
public sealed interface InsightEvent permits InsightPublished, InsightUnpublished {

    /**
     * A slug as ingest-service publishes it: lowercase letters and digits joined by single hyphens, the last segment of
     * the insight's URL ({@code /insights/{slug}}), and the record key.
     */
    Pattern SLUG = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

    /** The longest slug ingest-service publishes (it cuts a derived one at a word); the read side answers up to 200. */
    int SLUG_MAX_LENGTH = 120;

    static boolean isSlug(String value) {
        return value != null && value.length() <= SLUG_MAX_LENGTH && SLUG.matcher(value).matches();
    }

    UUID eventId();

    Instant occurredAt();

    /** The editorial client that sent the request. */
    String source();

    String slug();
}
