package io.zerone.insights.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A draft preview on its way to the site: never an insight, never on a public surface. Keyed by its token on topics
 * of their own ({@link Topics#INSIGHT_PREVIEWS}, {@link Topics#INSIGHT_PREVIEWS_RENDERED}), so nothing that reads the
 * insight topics ever sees one (docs/adr/0022-draft-previews.md).
 */
public sealed interface PreviewEvent permits PreviewRequested, PreviewRendered {

    UUID eventId();

    Instant occurredAt();

    /** The unguessable name of the preview: its URL is {@code /preview/{token}} on the site. */
    String token();

    /** When the preview stops being served. */
    Instant expiresAt();
}
