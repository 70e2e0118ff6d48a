package io.zerone.insights.query.article;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.r2dbc.spi.Readable;

/**
 * An insight as listings, cards, feeds and the API show it. {@code caseRef} may be null; {@code language} is its BCP 47
 * tag, which the English listings and feeds mark on an insight in another language.
 */
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
        Instant revisedAt,
        String language) {

    /** The columns of the insight table that {@link #read} reads. */
    public static final String COLUMNS = """
            slug, title, summary, category, published_at, reading_minutes, case_ref, tags, card_html, revised_at, language""";

    public static InsightSummary read(Readable row) {
        String[] tags = row.get("tags", String[].class);
        return new InsightSummary(row.get("slug", String.class), row.get("title", String.class),
                row.get("summary", String.class), row.get("category", String.class),
                row.get("published_at", Instant.class), row.get("reading_minutes", Integer.class),
                row.get("case_ref", String.class), tags == null ? List.of() : List.of(tags),
                row.get("card_html", String.class), row.get("revised_at", Instant.class),
                // null only on the row of a removed insight, which nothing lists
                Objects.requireNonNullElse(row.get("language", String.class), "en"));
    }
}
