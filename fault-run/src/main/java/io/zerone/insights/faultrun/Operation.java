package io.zerone.insights.faultrun;

import java.time.Instant;

/**
 * One request an editor makes: a revision of an insight (its full content) or its unpublication. {@code key} is its
 * Idempotency-Key, the same for every retry; {@code token} is a word only this revision's text contains, so search
 * can tell revisions apart.
 */
record Operation(String slug, int revision, Kind kind, String key, String title, String token, Instant publishedAt) {

    enum Kind { PUBLISH, UNPUBLISH }

    /** What the surfaces show once this operation is the last one applied. */
    Insight outcome() {
        return kind == Kind.PUBLISH ? new Insight(true, title, token, publishedAt, revision)
                : new Insight(false, null, null, null, revision);
    }

    String json() {
        return """
                {"slug":"%s","title":"%s","summary":"Revision %d of %s, marked %s.","category":"Reliability",\
                "publishedAt":"%s","tags":["fault-run"],"body":"## What happened\\n\\nRevision %d, marked %s."}"""
                .formatted(slug, title, revision, slug, token, publishedAt, revision, token);
    }

    /** An insight as it should look: live with this content, or unpublished (never published looks the same). */
    record Insight(boolean live, String title, String token, Instant publishedAt, int revision) {

        static final Insight ABSENT = new Insight(false, null, null, null, 0);
    }
}
