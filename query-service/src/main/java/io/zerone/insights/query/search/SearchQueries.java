package io.zerone.insights.query.search;

import java.time.Instant;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Full-text search over insight_search, bounded by design (docs/adr/0013): web-search syntax against the stored
 * tsvector of each language through their GIN indexes, at most {@link #CANDIDATES} matches taken as candidates, full
 * ts_rank only on those and ts_headline only on the rows returned; facets counted over at most {@link #FACET_CAP}
 * matches. When the words as written match nothing, {@link Spelling} corrects them against the vocabulary of indexed
 * words and the exact search runs again with the suggestion.
 */
@Component
class SearchQueries {

    /** Facet counts are exact up to here; beyond, "1,000+". */
    static final int FACET_CAP = 1000;
    /** Matches ranked per search: the first this many the GIN index yields. */
    static final int CANDIDATES = 300;

    static final String EXACT_MATCH = "(document_en @@ websearch_to_tsquery('english', :q)"
            + " or document_de @@ websearch_to_tsquery('german', :q))";
    static final String EXACT_RANK = "greatest(coalesce(ts_rank(document_en, websearch_to_tsquery('english', :q)), 0),"
            + " coalesce(ts_rank(document_de, websearch_to_tsquery('german', :q)), 0))";

    private final DatabaseClient database;
    private final Spelling spelling;

    SearchQueries(DatabaseClient database, Spelling spelling) {
        this.database = database;
        this.spelling = spelling;
    }

    /** @param category null for every category */
    Mono<SearchResults> search(String query, String category, int limit) {
        return exact(query, category, limit)
                .flatMap(results -> !results.matchedNothing() ? Mono.just(results)
                        : spelling.correct(query)
                                .flatMap(corrected -> exact(corrected, category, limit)
                                        .filter(again -> !again.matchedNothing())
                                        .map(again -> new SearchResults(query, corrected, again.hits(), again.total(),
                                                again.facets())))
                                .defaultIfEmpty(results));
    }

    private Mono<SearchResults> exact(String query, String category, int limit) {
        GenericExecuteSpec hits = database.sql(hitsSql(category != null))
                .bind("q", query)
                .bind("candidates", CANDIDATES)
                .bind("limit", limit)
                .bind("whole", Snippets.WHOLE)
                .bind("options", Snippets.OPTIONS);
        if (category != null) {
            hits = hits.bind("category", category);
        }
        var hitList = hits.map(row -> new SearchHit(row.get("slug", String.class), row.get("title", String.class),
                        Snippets.toHtml(row.get("title_headline", String.class)), row.get("summary", String.class),
                        Snippets.toHtml(row.get("summary_headline", String.class)), row.get("category", String.class),
                        row.get("published_at", Instant.class), row.get("reading_minutes", Integer.class),
                        Snippets.toHtml(row.get("snippet", String.class))))
                .all().collectList();
        var facets = database.sql(facetsSql())
                .bind("q", query)
                .bind("cap", FACET_CAP + 1)
                .map(row -> new SearchResults.Facet(row.get("category", String.class), row.get("hits", Long.class),
                        false))
                .all().collectList();
        return Mono.zip(hitList, facets).map(results -> {
            long sampled = results.getT2().stream().mapToLong(SearchResults.Facet::count).sum();
            boolean capped = sampled > FACET_CAP;
            var counted = results.getT2().stream()
                    .map(facet -> new SearchResults.Facet(facet.category(), facet.count(), capped)).toList();
            return new SearchResults(query, null, results.getT1(),
                    new SearchResults.Count(Math.min(sampled, FACET_CAP), capped), counted);
        });
    }

    /**
     * The candidates are the first {@code :candidates} rows the GIN indexes match, in no order; only they are ranked,
     * and only the {@code :limit} best get their headlines. The body is read for those alone.
     */
    static String hitsSql(boolean byCategory) {
        return """
                with candidates as (
                    select slug, title, summary, category, published_at,
                           (case when language = 'de' then 'german' else 'english' end)::regconfig as config,
                           %s as rank
                    from (select * from insight_search where %s%s limit :candidates) matching
                ), best as (
                    select * from candidates order by rank desc, published_at desc, slug limit :limit
                )
                select b.slug, b.title, b.summary, b.category, b.published_at, i.reading_minutes,
                       ts_headline(b.config, b.title, websearch_to_tsquery(b.config, :q), :whole) as title_headline,
                       ts_headline(b.config, b.summary, websearch_to_tsquery(b.config, :q), :whole) as summary_headline,
                       ts_headline(b.config, s.body_text, websearch_to_tsquery(b.config, :q), :options) as snippet
                from best b
                join insight_search s on s.slug = b.slug
                join insight i on i.slug = b.slug
                order by b.rank desc, b.published_at desc, b.slug"""
                .formatted(EXACT_RANK, EXACT_MATCH, byCategory ? " and category = :category" : "");
    }

    /** Counts per category over at most {@code :cap} matches: the caller asks for one more than it shows. */
    static String facetsSql() {
        return "select category, count(*) as hits from (select category from insight_search where " + EXACT_MATCH
                + " limit :cap) matching group by category order by hits desc, category";
    }
}
