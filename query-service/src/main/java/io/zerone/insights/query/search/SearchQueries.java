package io.zerone.insights.query.search;

import java.time.Instant;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Full-text search over insight_search: web-search syntax against the stored tsvector of each language (GIN), and
 * when the words as written match nothing, trigram word similarity against title, summary, tags and category
 * (GIN, gin_trgm_ops), so that a misspelled word still finds its insight. ts_headline runs only on the returned
 * rows (docs/adr/0009-search-in-postgresql.md).
 */
@Component
public class SearchQueries {

    /** The longest search the API and the search page accept, and the longest category filter. */
    public static final int MAX_QUERY_LENGTH = 200;
    public static final int MAX_CATEGORY_LENGTH = 100;

    static final String EXACT_MATCH = "(document_en @@ websearch_to_tsquery('english', :q)"
            + " or document_de @@ websearch_to_tsquery('german', :q))";
    static final String EXACT_RANK = "greatest(coalesce(ts_rank(document_en, websearch_to_tsquery('english', :q)), 0),"
            + " coalesce(ts_rank(document_de, websearch_to_tsquery('german', :q)), 0))";
    static final String FUZZY_MATCH = ":q <% fuzzy_text";
    static final String FUZZY_RANK = "word_similarity(:q, fuzzy_text)";

    private final DatabaseClient database;

    SearchQueries(DatabaseClient database) {
        this.database = database;
    }

    /** @param category null for every category */
    public Mono<SearchResults> search(String query, String category, int limit) {
        return search(query, category, limit, false)
                .flatMap(exact -> exact.hits().isEmpty() && exact.facets().isEmpty()
                        ? search(query, category, limit, true)
                        : Mono.just(exact));
    }

    private Mono<SearchResults> search(String query, String category, int limit, boolean fuzzy) {
        String match = fuzzy ? FUZZY_MATCH : EXACT_MATCH;
        String rank = fuzzy ? FUZZY_RANK : EXACT_RANK;
        GenericExecuteSpec hits = database.sql(hitsSql(match, rank, category != null))
                .bind("q", query)
                .bind("limit", limit)
                .bind("options", Snippets.OPTIONS);
        if (category != null) {
            hits = hits.bind("category", category);
        }
        var hitList = hits.map(row -> new SearchHit(row.get("slug", String.class), row.get("title", String.class),
                        row.get("summary", String.class), row.get("category", String.class),
                        row.get("published_at", Instant.class), row.get("reading_minutes", Integer.class),
                        Snippets.toHtml(row.get("snippet", String.class))))
                .all().collectList();
        var facets = database.sql(facetsSql(match))
                .bind("q", query)
                .map(row -> new SearchResults.Facet(row.get("category", String.class), row.get("hits", Long.class)))
                .all().collectList();
        return Mono.zip(hitList, facets)
                .map(results -> new SearchResults(query, results.getT1(), results.getT2(), fuzzy));
    }

    static String hitsSql(String match, String rank, boolean byCategory) {
        return """
                select h.slug, h.title, h.summary, h.category, h.published_at, i.reading_minutes,
                       ts_headline(h.config, h.summary || ' … ' || h.body_text, websearch_to_tsquery(h.config, :q), :options)
                           as snippet
                from (select slug, title, summary, category, published_at, body_text,
                             (case when language = 'de' then 'german' else 'english' end)::regconfig as config,
                             %s as rank
                      from insight_search
                      where %s%s
                      order by rank desc, published_at desc, slug
                      limit :limit) h
                join insight i on i.slug = h.slug
                order by h.rank desc, h.published_at desc, h.slug"""
                .formatted(rank, match, byCategory ? " and category = :category" : "");
    }

    static String facetsSql(String match) {
        return "select category, count(*) as hits from insight_search where " + match
                + " group by category order by hits desc, category";
    }
}
