package io.zerone.insights.query;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/**
 * A few thousand synthetic insights written straight into the projection, for query-plan tests. The triggers of the
 * projection fill the tag listing and the vocabulary as for the projector's writes; the kept counters of these rows
 * wait in insight_count_change until the projector's next batch folds them (they cancel out after {@link #delete}).
 */
public final class BulkInsights {

    private BulkInsights() {
    }

    public static void insert(DatabaseClient database, int rows) {
        Mono<Void> insights = database.sql("""
                insert into insight (slug, revision_partition, revision_offset, source_event_id, title, summary,
                                     category, published_at, reading_minutes, case_ref, tags, language, revised_at,
                                     page_html, card_html, body_html, content_hash)
                select 'bulk-' || n, 0, n, gen_random_uuid(), 'Bulk insight ' || n, 'Summary ' || n,
                       'Category ' || (n % 12),
                       -- dates in no relation to the order of the rows, as publishing dates are to projection order
                       timestamptz '2020-01-01' + ((n * 7919) % :rows) * interval '1 hour', 4,
                       lpad((n % 40)::text, 2, '0'), array['tag' || (n % 30)], 'en', now(),
                       '<p>page</p>', '<p>card</p>', '<p>body</p>', 'sha256-' || n
                from generate_series(1, :rows) n""").bind("rows", rows).then();
        Mono<Void> searchDocuments = database.sql("""
                insert into insight_search (slug, language, title, summary, body_text, tags, category, published_at)
                select slug, 'en', title,
                       -- a word of letters per document, so that the vocabulary of the typo path has thousands
                       summary || ' lexeme' || translate(revision_offset::text, '0123456789', 'abcdefghij'),
                       'Body of a bulk insight about topic' || (revision_offset % 997) || ' and word' || revision_offset,
                       'tag', category, published_at
                from insight where slug like 'bulk-%'""").then();
        withoutStatementTimeout(database, insights.then(searchDocuments));
        // the names readers use are views of the active generation; statistics belong to its tables
        String generation = database.sql("select schema_name from projection_generation where state = 'active'")
                .map(row -> row.get(0, String.class)).one().block();
        database.sql("analyze " + generation + ".insight").then().block();
        database.sql("analyze " + generation + ".insight_search").then().block();
        database.sql("analyze " + generation + ".insight_tag").then().block();
        database.sql("analyze " + generation + ".search_term").then().block();
    }

    public static void delete(DatabaseClient database) {
        withoutStatementTimeout(database, database.sql("delete from insight_search where slug like 'bulk-%'").then()
                .then(database.sql("delete from insight where slug like 'bulk-%'").then())
                .then(database.sql("delete from search_term where term like 'lexeme%'").then()));
    }

    /**
     * The service's connections cancel statements after query.read.statement-timeout; thousands of rows with their GIN
     * entries may take longer on a busy machine, so the bulk statements run in a transaction without it.
     */
    private static void withoutStatementTimeout(DatabaseClient database, Mono<Void> statements) {
        TransactionalOperator transaction = TransactionalOperator.create(
                new R2dbcTransactionManager(database.getConnectionFactory()));
        database.sql("set local statement_timeout = 0").then().then(statements).as(transaction::transactional)
                .block();
    }

    /** The plan PostgreSQL chooses for the statement, as EXPLAIN prints it. */
    public static String explain(DatabaseClient database, String sql, java.util.Map<String, Object> binds) {
        return plan(database, "explain ", sql, binds);
    }

    /** The plan as it ran: which of its nodes ran at all ("never executed" for those that did not). */
    public static String explainAnalyze(DatabaseClient database, String sql, java.util.Map<String, Object> binds) {
        return plan(database, "explain (analyze, costs off, timing off) ", sql, binds);
    }

    private static String plan(DatabaseClient database, String explain, String sql,
            java.util.Map<String, Object> binds) {
        DatabaseClient.GenericExecuteSpec spec = database.sql(explain + sql);
        for (var bind : binds.entrySet()) {
            spec = spec.bind(bind.getKey(), bind.getValue());
        }
        return String.join("\n", spec.map(row -> row.get(0, String.class)).all().collectList().block());
    }
}
