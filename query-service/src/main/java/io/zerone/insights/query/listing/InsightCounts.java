package io.zerone.insights.query.listing;

import java.time.Instant;
import java.util.List;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * The counters of the listing, kept by the projection in the transaction of every batch (insight_count, maintained
 * by the triggers of V3 and folded by the projector; docs/adr/0013): each is a primary-key read, whatever the number
 * of insights. Counters that fell to 0 stay as rows and are skipped here.
 */
@Component
class InsightCounts {

    private final DatabaseClient database;

    InsightCounts(DatabaseClient database) {
        this.database = database;
    }

    /** Live insights, published cases and the year of the oldest live insight, in one statement. */
    Mono<Stats> stats() {
        return database.sql("""
                        select coalesce((select insights from insight_count
                                         where facet = 'total' and value = 'insights'), 0) as insights,
                               coalesce((select published from case_count), 0) as cases,
                               (select min(value) from insight_count where facet = 'year' and insights > 0) as oldest""")
                .map(row -> {
                    String oldest = row.get("oldest", String.class);
                    return new Stats(row.get("insights", Long.class), row.get("cases", Long.class),
                            oldest == null ? null : Integer.valueOf(oldest));
                })
                .one();
    }

    /** Every category with live insights and how many, by name. */
    Mono<List<FacetCount>> categories() {
        return facet("category");
    }

    /** How many live insights carry the tag; 0 for a tag nobody used. */
    Mono<Long> tag(String tag) {
        return database.sql("select insights from insight_count where facet = 'tag' and value = :tag")
                .bind("tag", tag)
                .map(row -> row.get("insights", Long.class))
                .one()
                .defaultIfEmpty(0L);
    }

    /**
     * The last time a live insight left the feed of this address (unpublished, or revised out of its category or tag,
     * or to another date; V20): the whole listing's, a category's or a tag's counter; empty when none ever did.
     */
    Mono<Instant> leftAt(ListingAddress address) {
        String facet = address.tag() != null ? "tag" : address.category() != null ? "category" : "total";
        String value = address.tag() != null ? address.tag()
                : address.category() != null ? address.category() : "insights";
        return database.sql("""
                        select left_at from insight_count
                        where facet = :facet and value = :value and left_at is not null""")
                .bind("facet", facet)
                .bind("value", value)
                .map(row -> row.get("left_at", Instant.class))
                .one();
    }

    /**
     * The categories of the live insights that carry the tag, and how many of them each has, by name (V21); empty for
     * a tag no live insight carries. Their sum is the tag's count: an insight has one category.
     */
    Mono<List<FacetCount>> categoriesOf(String tag) {
        return facet("tag:" + tag);
    }

    /** Every tag with live insights and how many, by name. */
    Mono<List<FacetCount>> tags() {
        return facet("tag");
    }

    private Mono<List<FacetCount>> facet(String facet) {
        return database.sql("""
                        select value, insights from insight_count where facet = :facet and insights > 0
                        order by value""")
                .bind("facet", facet)
                .map(row -> new FacetCount(row.get("value", String.class), row.get("insights", Long.class)))
                .all().collectList();
    }

    /** A category or a tag and its live insights. */
    record FacetCount(String name, long insights) {
    }
}
