-- A search within a category is bounded by the indexes, not by the store. When a word has more matches than the
-- facets' cap, the category's candidates come from a pass of their own (search/SearchQueries.searchSql), which read
-- "the word's matches, then those of the category": a small category and a common word made PostgreSQL fetch every
-- match of the word from the heap (or scan the table, planning on the two conditions being independent), a cost that
-- grew with the store until the statement timeout answered a plain search with a 503. The search indexes now hold
-- the category beside the vector (btree_gin gives text a GIN operator class), so one index scan intersects the
-- category's and the word's posting lists and the heap is read for the category's matches only; a search without a
-- category uses the same indexes on their vector column alone (a GIN index serves any subset of its columns). The
-- names stay, so that the rebuild, the plan tests and the docs still name them. btree_gin is a contrib module like
-- pg_trgm, in the embedded PostgreSQL of the tests and in the postgres image of docker-compose.
create extension if not exists btree_gin;

-- Flyway runs this in one transaction, which holds every lock it takes until it commits. So both new indexes are
-- built first, under a lock that stops the projector's writes but not the searches, and the old ones are dropped and
-- the new ones renamed at the end, so that the drop's exclusive lock (which stops the searches) is held only for the
-- commit. They keep V2's pending list (fastupdate on, 256 kB): inserting each lexeme into the tree one by one cost more
-- than twice the rest of a search row.
set local maintenance_work_mem = '256MB';

do $$
declare
    generation text;
    lang text;
begin
    for generation in select g.schema_name from projection_generation g
                      join pg_namespace n on n.nspname = g.schema_name
                      where g.state in ('active', 'building') order by g.schema_name loop
        foreach lang in array array['en', 'de'] loop
            -- a building generation loads without its secondary indexes (the rebuild adds the active one's afterwards)
            continue when not exists (select from pg_indexes where schemaname = generation
                                      and indexname = format('insight_search_%s_idx', lang));
            execute format('create index insight_search_%2$s_by_category on %1$I.insight_search'
                           ' using gin (category, document_%2$s) with (fastupdate = on, gin_pending_list_limit = 256)',
                           generation, lang);
        end loop;
    end loop;
    for generation in select g.schema_name from projection_generation g
                      join pg_namespace n on n.nspname = g.schema_name
                      where g.state in ('active', 'building') order by g.schema_name loop
        foreach lang in array array['en', 'de'] loop
            continue when not exists (select from pg_indexes where schemaname = generation
                                      and indexname = format('insight_search_%s_by_category', lang));
            execute format('drop index %1$I.insight_search_%2$s_idx', generation, lang);
            execute format('alter index %1$I.insight_search_%2$s_by_category rename to insight_search_%2$s_idx',
                           generation, lang);
        end loop;
    end loop;
end $$;
