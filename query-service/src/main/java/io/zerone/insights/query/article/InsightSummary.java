package io.zerone.insights.query.article;

import java.time.Instant;
import java.util.List;

import io.r2dbc.spi.Readable;

/** An insight as listings, cards, feeds and the API show it. {@code caseRef} may be null. */
public record InsightSummary(
        String slug,
        String title,
        String summary,
        String category,
        Instant publishedAt,
        int readingMinutes,
        String caseRef,
        List<String> tags,
        String cardHtml,
        Instant revisedAt) {

    /** The columns of the insight table that {@link #read} reads. */
    public static final String COLUMNS = """
            slug, title, summary, category, published_at, reading_minutes, case_ref, tags, card_html, revised_at""";

    public static InsightSummary read(Readable row) {
        String[] tags = row.get("tags", String[].class);
        return new InsightSummary(row.get("slug", String.class), row.get("title", String.class),
                row.get("summary", String.class), row.get("category", String.class),
                row.get("published_at", Instant.class), row.get("reading_minutes", Integer.class),
                row.get("case_ref", String.class), tags == null ? List.of() : List.of(tags),
                row.get("card_html", String.class), row.get("revised_at", Instant.class));
    }
}
