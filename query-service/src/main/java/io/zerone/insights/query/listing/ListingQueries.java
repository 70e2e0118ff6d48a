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

import io.zerone.insights.query.article.InsightSummary;
import reactor.core.publisher.Mono;

/**
 * Reads the listing from the insight projection. It orders by exactly (published_at desc, slug desc) and pages with
 * the same pair, so that an index per filter serves both (the seed's expression-index lesson;
 * ListingIndexIntegrationTests).
 * The counters of the listing are kept by the projection and read by {@link InsightCounts}.
 */
@Component
class ListingQueries {

    private static final String QUALIFIED_COLUMNS = String.join(", ",
            Arrays.stream(InsightSummary.COLUMNS.split(",")).map(column -> "i." + column.strip()).toList());

    private final DatabaseClient database;

    ListingQueries(DatabaseClient database) {
        this.database = database;
    }

    Mono<InsightPage> list(ListingFilter filter, Cursor after, int limit) {
        Map<String, Object> binds = new LinkedHashMap<>();
        String sql = listingSql(filter, after, binds);
        GenericExecuteSpec spec = database.sql(sql).bind("limit", limit + 1);
        for (Map.Entry<String, Object> bind : binds.entrySet()) {
            spec = spec.bind(bind.getKey(), bind.getValue());
        }
        return spec.map(InsightSummary::read).all().collectList().map(rows -> page(rows, limit));
    }

    /**
     * The newest live insights' slugs and revision times, in the listing's order and by its index: the sitemap's up to
     * 50,000 entries need these two columns, where the listing's (cards, summaries, tags) took ~100 MB of a replica's
     * heap at that many and could end it with an OutOfMemoryError.
     */
    Mono<List<Revised>> newest(int limit) {
        return database.sql(NEWEST_SQL)
                .bind("limit", limit)
                .map(row -> new Revised(row.get("slug", String.class), row.get("revised_at", Instant.class)))
                .all().collectList();
    }

    /** {@link #newest}'s statement; package-visible so that the index test explains exactly what runs. */
    static final String NEWEST_SQL = """
            select slug, revised_at from insight where removed_at is null
            order by published_at desc, slug desc limit :limit""";

    /** A live insight's slug and the time of its revision. */
    record Revised(String slug, Instant revisedAt) {
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

}
