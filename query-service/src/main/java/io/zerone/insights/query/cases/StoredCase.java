package io.zerone.insights.query.cases;

import java.time.Instant;

import io.r2dbc.spi.Readable;

/** A case as the case projector stored it; a removed one keeps only its number. */
record StoredCase(String number, boolean removed, String slug, String title, String summary, Instant publishedAt,
        Instant revisedAt, String caseHtml, String contentHash) {

    static final String COLUMNS = "number, removed_at is not null as removed, slug, title, summary, published_at,"
            + " revised_at, case_html, content_hash";

    static StoredCase read(Readable row) {
        return new StoredCase(row.get("number", String.class), Boolean.TRUE.equals(row.get("removed", Boolean.class)),
                row.get("slug", String.class), row.get("title", String.class), row.get("summary", String.class),
                row.get("published_at", Instant.class), row.get("revised_at", Instant.class),
                row.get("case_html", String.class), row.get("content_hash", String.class));
    }
}
