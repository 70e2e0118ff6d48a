package io.zerone.insights.query.search;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import io.r2dbc.spi.Readable;
import io.zerone.insights.query.web.Problems;
import reactor.core.publisher.Mono;
import reactor.pool.InstrumentedPool;
import reactor.pool.PoolAcquirePendingLimitException;
import reactor.pool.PoolAcquireTimeoutException;
import reactor.pool.PoolBuilder;
import reactor.pool.PooledRef;

/**
 * Full-text search over insight_search, bounded by design (docs/adr/0013): web-search syntax against the stored
 * tsvector of each language through their GIN indexes, in one statement and one pass of the indexes: facets counted
 * over at most {@link #FACET_CAP} matches, the first {@link #CANDIDATES} of them ranked (a title that is or holds the
 * query first, then ts_rank), ts_headline only on the rows returned. When the words as written match nothing,
 * {@link Spelling} corrects them against the vocabulary of indexed words and the exact search runs again with the
 * suggestion. The one statement has the request path's whole statement timeout
 * ({@code query.read.statement-timeout}); the two it replaced ran side by side.
 * <p>
 * Each search is planned for its words ({@link #CUSTOM_PLANS}): whether the index or a read of the table finds the
 * first matches sooner depends on how common the words are, which a plan made once for every search cannot know.
 */
@Component
class SearchQueries {

    /** Facet counts are exact up to here; beyond, "1,000+". */
    static final int FACET_CAP = 1000;
    /** Matches ranked per search: the first this many the GIN index yields. */
    static final int CANDIDATES = 300;

    /**
     * The words of the query as the stored vectors hold them: search_text() (Flyway V16) rewrites the query as it
     * rewrote the documents, so that "List<Object>", "Schema.org", "KIP-848" and "C++" read alike in both.
     */
    static final String EXACT_MATCH = "(document_en @@ search_query('english', :q)"
            + " or document_de @@ search_query('german', :q))";
    /**
     * What the candidates are ranked and the headlines mark by, once per statement (the CTE {@code terms}): the query
     * without its negations (ts_rank of a query with a NOT ranks every row alike, and ts_headline marked the negated
     * words) and the phrase a title is ranked by (Flyway V17).
     */
    static final String TERMS = """
            select search_positive('english', :q) as ranked_en, search_positive('german', :q) as ranked_de,
                   search_title_phrase('english', :q) as title_en, search_title_phrase('german', :q) as title_de""";
    /** Ranked first: 2 when the title is the query's words, 1 when it holds them as a phrase, else 0. */
    static final String TITLE_RANK = "greatest(search_title_rank(document_en, t.title_en),"
            + " search_title_rank(document_de, t.title_de))";
    static final String EXACT_RANK = "greatest(coalesce(ts_rank(document_en, t.ranked_en), 0),"
            + " coalesce(ts_rank(document_de, t.ranked_de), 0))";
    static final String MARKED = "(case when b.language = 'de' then t.ranked_de else t.ranked_en end)";

    /**
     * The search statement is prepared once per connection, and after five executions PostgreSQL may keep a generic
     * plan made without the words: it estimated every word as rare and chose the GIN index, so a common word put every
     * match in a bitmap before the {@code LIMIT} (at 1,300,000 insights "operational" took 171 ms that way and 11 ms
     * with a plan for the word, which reads the table until 1,001 matches). Planning it at every search costs ~1 ms.
     * Set for the search's own transaction only: the lookups by key keep their generic plans.
     */
    static final String CUSTOM_PLANS = "set local plan_cache_mode = force_custom_plan";

    private final DatabaseClient database;
    private final Spelling spelling;
    private final TransactionalOperator readOnly;
    /** Turns to use the database (reactor-pool as a bulkhead: its permits hold nothing but the turn). */
    private final InstrumentedPool<Boolean> turns;
    private final Duration maxWait;

    SearchQueries(DatabaseClient database, Spelling spelling, ReactiveTransactionManager transactions,
            SearchSettings settings) {
        this.database = database;
        this.spelling = spelling;
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setReadOnly(true);
        this.readOnly = TransactionalOperator.create(transactions, definition);
        this.turns = PoolBuilder.from(Mono.just(Boolean.TRUE)).sizeBetween(0, settings.concurrency())
                .maxPendingAcquire(settings.queue()).buildPool();
        this.maxWait = settings.maxWait();
    }

    /**
     * @param category null for every category
     * @throws org.springframework.web.ErrorResponseException 503 with Retry-After when the searches already running
     *         on this replica leave it no turn within {@code query.search.max-wait}
     */
    Mono<SearchResults> search(String query, String category, int limit) {
        // the turn is taken before the transaction's connection, and given back after it
        return Mono.usingWhen(turns.acquire(maxWait),
                        turn -> database.sql(CUSTOM_PLANS).then()
                                .then(Mono.defer(() -> searchPlanned(query, category, limit)))
                                .as(readOnly::transactional),
                        PooledRef::release)
                .onErrorMap(e -> e instanceof PoolAcquireTimeoutException
                                || e instanceof PoolAcquirePendingLimitException,
                        e -> Problems.unavailable("Too many searches are running just now; try again in a moment.",
                                "1", e));
    }

    private Mono<SearchResults> searchPlanned(String query, String category, int limit) {
        return exact(query, category, limit)
                .flatMap(results -> !results.matchedNothing() ? Mono.just(results)
                        : spelling.correct(query)
                                .flatMap(corrected -> exact(corrected, category, limit)
                                        // within a category, a suggestion that finds nothing there would only move
                                        // the "nothing matches" to another word
                                        .filter(again -> category == null ? !again.matchedNothing()
                                                : !again.hits().isEmpty())
                                        .map(again -> new SearchResults(query, corrected, again.hits(), again.total(),
                                                again.all(), again.facets())))
                                .defaultIfEmpty(results));
    }

    private Mono<SearchResults> exact(String query, String category, int limit) {
        GenericExecuteSpec search = database.sql(searchSql(category != null))
                .bind("q", query)
                .bind("cap", FACET_CAP + 1)
                .bind("candidates", CANDIDATES)
                .bind("limit", limit)
                .bind("whole", Snippets.WHOLE)
                .bind("options", Snippets.OPTIONS);
        if (category != null) {
            search = search.bind("category", category);
        }
        return search.map(SearchQueries::row).all().collectList().map(rows -> {
            // every row carries the facets; a search whose filter kept no hit answers one row without a hit
            List<SearchResults.Facet> sampled = rows.isEmpty() ? List.of() : rows.get(0).facets();
            long matches = sampled.stream().mapToLong(SearchResults.Facet::count).sum();
            boolean capped = matches > FACET_CAP;
            var facets = sampled.stream()
                    .map(facet -> new SearchResults.Facet(facet.category(), facet.count(), capped)).toList();
            var hits = rows.stream().map(Row::hit).filter(Objects::nonNull).toList();
            var all = new SearchResults.Count(Math.min(matches, FACET_CAP), capped);
            var total = category == null ? all : inCategory(sampled.stream()
                    .filter(facet -> facet.category().equals(category)).mapToLong(SearchResults.Facet::count)
                    .findFirst().orElse(0), capped, hits.size(), limit);
            return new SearchResults(query, null, hits, total, all, facets);
        });
    }

    /**
     * How many insights match in the category searched, from what the one statement knows ({@link #searchSql}): when
     * the pass found every match, the category's facet is its exact count. When the pass stopped at the cap, the
     * facet counts only the category's matches inside the cap, and the hits came from a pass of the category's own,
     * which took up to {@link #CANDIDATES}: fewer hits than asked for are then all of its matches (none at all, too),
     * else it has at least as many as the facet or the hits say.
     *
     * @param sampled the category's count among the first {@link #FACET_CAP} + 1 matches
     * @param capped whether there were more matches than that
     */
    static SearchResults.Count inCategory(long sampled, boolean capped, int hits, int limit) {
        if (!capped) {
            return new SearchResults.Count(sampled, false);
        }
        if (hits < limit) {
            return new SearchResults.Count(hits, false);
        }
        return new SearchResults.Count(Math.min(Math.max(sampled, hits), FACET_CAP), true);
    }

    private record Row(SearchHit hit, List<SearchResults.Facet> facets) {
    }

    private static Row row(Readable columns) {
        String[] categories = columns.get("facet_categories", String[].class);
        Long[] counts = columns.get("facet_counts", Long[].class);
        List<SearchResults.Facet> facets = new ArrayList<>();
        for (int i = 0; categories != null && i < categories.length; i++) {
            facets.add(new SearchResults.Facet(categories[i], counts[i], false));
        }
        String slug = columns.get("slug", String.class);
        SearchHit hit = slug == null ? null
                : new SearchHit(slug, columns.get("title", String.class),
                        Snippets.toHtml(columns.get("title_headline", String.class)),
                        columns.get("summary", String.class),
                        Snippets.toHtml(columns.get("summary_headline", String.class)),
                        columns.get("category", String.class), columns.get("published_at", Instant.class),
                        columns.get("reading_minutes", Integer.class),
                        Snippets.toHtml(columns.get("snippet", String.class)),
                        columns.get("language", String.class));
        return new Row(hit, facets);
    }

    /**
     * One statement, one pass of the GIN indexes: the first {@code :cap} matches they yield (in no order) are counted
     * per category for the facets, and the first {@code :candidates} of them are ranked; only the {@code :limit} best
     * get their headlines, and the body is read for those alone. With a category filter, the candidates are the
     * category's rows among those matches when the pass found every match (fewer than {@code :cap}); only when it
     * stopped at the cap does a second pass, restricted to the category, take them, so that a small category is not
     * starved by the others' matches inside the cap. The facets come on every row, and on a row of their own (no hit)
     * when the filter kept none.
     */
    static String searchSql(boolean byCategory) {
        // what the candidates are ranked and shown from; with a category filter too, since they may come from the
        // matches (a capped search then carries vectors it does not rank: the rows were read whole anyway)
        String columns = "slug, title, summary, category, published_at, language, document_en, document_de";
        // each branch runs only when its one-time condition on the matches' count holds: never both
        String candidates = !byCategory ? "select * from matching limit :candidates" : """
                select * from (
                    select * from matching
                    where category = :category and (select complete from found)
                    union all
                    (select * from in_category limit :candidates)
                ) candidate limit :candidates""";
        // The category's own pass is a CTE of its own, planned for all its rows and read only as far as the limit
        // above: with the limit inside, PostgreSQL planned on the category and the word being independent (a common
        // word, so a few rows of any category early in the table) and scanned the table, or every match of the word,
        // for a category that holds few of them. Planned whole, it reads a small category through its own rows and ANDs
        // a large one's bitmap with the word's (the category's index, V22), fetching the category's matches alone.
        String inCategory = !byCategory ? "" : """
                in_category as materialized (
                    select %s from insight_search
                    where %s and category = :category and not (select complete from found)
                ),""".formatted(columns, EXACT_MATCH);
        return """
                with matching as materialized (
                    select %s from insight_search where %s limit :cap
                ), found as (
                    -- counted once for both branches of a category's candidates: did the pass stop below the cap?
                    select count(*) < :cap as complete from matching
                ), %8$s facets as (
                    select array_agg(category order by hits desc, category) as facet_categories,
                           array_agg(hits order by hits desc, category) as facet_counts
                    from (select category, count(*) as hits from matching group by category) per_category
                ), terms as (
                    %7$s
                ), candidates as (
                    select slug, title, summary, category, published_at, language,
                           (case when language = 'de' then 'german' else 'english' end)::regconfig as config,
                           %s as title_rank, %s as rank
                    from (%s) candidate, terms t
                ), best as (
                    select * from candidates order by title_rank desc, rank desc, published_at desc, slug limit :limit
                ), shown as (
                    -- the insight's own tag (de-AT): the search row keeps only the primary language it is stemmed in;
                    -- the headlines mark the texts as the vectors read them, which Snippets turns back as written
                    select b.slug, b.title, b.summary, b.category, b.published_at, i.language, b.title_rank, b.rank,
                           i.reading_minutes,
                           ts_headline(b.config, search_text(b.title), %6$s, :whole) as title_headline,
                           ts_headline(b.config, search_text(b.summary), %6$s, :whole) as summary_headline,
                           ts_headline(b.config, search_text(s.body_text), %6$s, :options) as snippet
                    from best b
                    join insight_search s on s.slug = b.slug
                    join insight i on i.slug = b.slug
                    cross join terms t
                )
                select f.facet_categories, f.facet_counts, h.*
                from facets f left join shown h on true
                where f.facet_categories is not null
                order by h.title_rank desc, h.rank desc, h.published_at desc, h.slug"""
                .formatted(columns, EXACT_MATCH, TITLE_RANK, EXACT_RANK, candidates, MARKED, TERMS, inCategory);
    }
}
