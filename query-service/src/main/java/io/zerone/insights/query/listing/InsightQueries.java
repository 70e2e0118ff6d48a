package io.zerone.insights.query.listing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

import io.r2dbc.spi.Readable;
import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.article.InsightSummary;
import io.zerone.insights.query.article.StoredInsight;
import reactor.core.publisher.Mono;

/**
 * Reads the insight projection. The listing orders by exactly (published_at desc, slug desc) and pages with the same
 * pair, so that an index per filter serves both (the seed's expression-index lesson; InsightIndexIntegrationTests).
 * The counters of the listing are kept by the projection and read by {@link InsightCounts}.
 */
@Component
public class InsightQueries {

    static final String COLUMNS = """
            slug, title, summary, category, published_at, reading_minutes, case_ref, tags, card_html, revised_at""";

    private static final String QUALIFIED_COLUMNS = String.join(", ",
            Arrays.stream(COLUMNS.split(",")).map(column -> "i." + column.strip()).toList());

    private final DatabaseClient database;

    InsightQueries(DatabaseClient database) {
        this.database = database;
    }

    public Mono<InsightPage> list(ListingFilter filter, Cursor after, int limit) {
        Map<String, Object> binds = new LinkedHashMap<>();
        String sql = listingSql(filter, after, binds);
        GenericExecuteSpec spec = database.sql(sql).bind("limit", limit + 1);
        for (Map.Entry<String, Object> bind : binds.entrySet()) {
            spec = spec.bind(bind.getKey(), bind.getValue());
        }
        return spec.map(InsightQueries::summary).all().collectList().map(rows -> page(rows, limit));
    }

    /**
     * The listing query; package-visible so that the index test explains exactly what runs. Every filter has an index
     * whose columns end in the listing order, so a page reads its 21 entries and stops (docs/adr/0013): a case (a
     * handful of insights) narrows first, then a tag (the insight_tag table, with or without the category), then a
     * category; a date range bounds the second column of whichever index serves the page.
     */
    static String listingSql(ListingFilter filter, Cursor after, Map<String, Object> binds) {
        boolean byTag = filter.tag() != null && filter.caseRef() == null;
        String order = byTag ? "t." : "";
        List<String> where = new ArrayList<>(List.of("i.removed_at is null"));
        if (byTag) {
            where.add("t.tag = :tag");
            binds.put("tag", filter.tag());
        }
        if (filter.category() != null) {
            where.add((byTag ? "t." : "i.") + "category = :category");
            binds.put("category", filter.category());
        }
        if (filter.caseRef() != null) {
            where.add("i.case_ref = :caseRef");
            binds.put("caseRef", filter.caseRef());
        }
        if (filter.tag() != null && !byTag) {
            where.add("i.tags @> array[:tag]::text[]");
            binds.put("tag", filter.tag());
        }
        if (filter.from() != null) {
            where.add(order + "published_at >= :from");
            binds.put("from", filter.from());
        }
        if (filter.to() != null) {
            where.add(order + "published_at < :to");
            binds.put("to", filter.to());
        }
        if (after != null) {
            where.add("(%1$spublished_at, %1$sslug) < (:afterPublishedAt, :afterSlug)".formatted(order));
            binds.put("afterPublishedAt", after.publishedAt());
            binds.put("afterSlug", after.slug());
        }
        String from = byTag ? "insight_tag t join insight i on i.slug = t.slug" : "insight i";
        return "select " + QUALIFIED_COLUMNS + " from " + from + " where " + String.join(" and ", where)
                + " order by %1$spublished_at desc, %1$sslug desc limit :limit".formatted(order);
    }

    private static InsightPage page(List<InsightSummary> rows, int limit) {
        if (rows.size() <= limit) {
            return new InsightPage(rows, null);
        }
        List<InsightSummary> items = rows.subList(0, limit);
        InsightSummary last = items.get(limit - 1);
        return new InsightPage(List.copyOf(items), new Cursor(last.publishedAt(), last.slug()));
    }

    /** The key under which callers cache {@link #find(String)}: only a change of this slug drops it. */
    public static CacheKey cacheKey(String slug) {
        return CacheKey.singleInsight(slug, "insight:stored");
    }

    public Mono<StoredInsight> find(String slug) {
        return database.sql("select " + COLUMNS + ", removed_at, page_html, body_html, content_hash"
                        + " from insight where slug = :slug")
                .bind("slug", slug)
                .map(row -> row.get("removed_at", Instant.class) != null
                        ? new StoredInsight(slug, true, null, null, null, null)
                        : new StoredInsight(slug, false, summary(row), row.get("page_html", String.class),
                                row.get("body_html", String.class), row.get("content_hash", String.class)))
                .one();
    }

    static InsightSummary summary(Readable row) {
        String[] tags = row.get("tags", String[].class);
        return new InsightSummary(row.get("slug", String.class), row.get("title", String.class),
                row.get("summary", String.class), row.get("category", String.class),
                row.get("published_at", Instant.class), row.get("reading_minutes", Integer.class),
                row.get("case_ref", String.class), tags == null ? List.of() : List.of(tags),
                row.get("card_html", String.class), row.get("revised_at", Instant.class));
    }
}
