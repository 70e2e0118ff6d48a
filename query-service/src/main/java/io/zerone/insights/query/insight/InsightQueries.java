package io.zerone.insights.query.insight;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

import io.r2dbc.spi.Readable;
import io.zerone.insights.query.cache.CacheKey;
import reactor.core.publisher.Mono;

/**
 * Reads the insight projection. The listing orders by exactly (published_at desc, slug desc) and pages with the same
 * pair, so that insight_listing_idx serves both (the seed's expression-index lesson; InsightIndexIntegrationTests).
 */
@Component
public class InsightQueries {

    static final String COLUMNS = """
            slug, title, summary, category, published_at, reading_minutes, case_ref, tags, card_html, revised_at""";

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

    /** The listing query; package-visible so that the index test explains exactly what runs. */
    static String listingSql(ListingFilter filter, Cursor after, Map<String, Object> binds) {
        List<String> where = new ArrayList<>(List.of("removed_at is null"));
        if (filter.category() != null) {
            where.add("category = :category");
            binds.put("category", filter.category());
        }
        if (filter.caseRef() != null) {
            where.add("case_ref = :caseRef");
            binds.put("caseRef", filter.caseRef());
        }
        if (filter.tag() != null) {
            where.add("tags @> array[:tag]::text[]");
            binds.put("tag", filter.tag());
        }
        if (filter.from() != null) {
            where.add("published_at >= :from");
            binds.put("from", filter.from());
        }
        if (filter.to() != null) {
            where.add("published_at < :to");
            binds.put("to", filter.to());
        }
        if (after != null) {
            where.add("(published_at, slug) < (:afterPublishedAt, :afterSlug)");
            binds.put("afterPublishedAt", after.publishedAt());
            binds.put("afterSlug", after.slug());
        }
        return "select " + COLUMNS + " from insight where " + String.join(" and ", where)
                + " order by published_at desc, slug desc limit :limit";
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

    public Mono<Stats> stats() {
        return database.sql("""
                        select count(*) as insights, count(distinct case_ref) as cases, min(published_at) as oldest
                        from insight where removed_at is null""")
                .map(row -> {
                    Instant oldest = row.get("oldest", Instant.class);
                    return new Stats(row.get("insights", Long.class), row.get("cases", Long.class),
                            oldest == null ? null : oldest.atOffset(ZoneOffset.UTC).getYear());
                })
                .one();
    }

    /** Every category with live insights and how many, by name. */
    public Mono<List<CategoryCount>> categories() {
        return database.sql("select category, count(*) as insights from insight where removed_at is null"
                        + " group by category order by category")
                .map(row -> new CategoryCount(row.get("category", String.class), row.get("insights", Long.class)))
                .all().collectList();
    }

    public record CategoryCount(String category, long insights) {
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
