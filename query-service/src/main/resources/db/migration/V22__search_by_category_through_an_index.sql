-- A search within a category is bounded by the indexes, not by the store. When a word has more matches than the
-- facets' cap, the category's candidates come from a pass of their own (search/SearchQueries.searchSql), which read
-- "the word's matches, then those of the category": nothing indexed the category of a search row, so a small category
-- and a common word made PostgreSQL fetch every match of the word from the heap, or scan the table (planning on the
-- two conditions being independent), a cost that grew with the store until the statement timeout answered a plain
-- search with a 503. With this index a small category is read through its own rows, and a large one by ANDing its
-- bitmap with the word's (measured at 1,000,000 insights: a category of 124,295 and a word of 77,000-118,000 matches
-- in 62-66 ms, against 84-268 ms before; 40 rows of a category in 0.2 ms).
-- Not the category inside the search GIN indexes (btree_gin, gin (category, document_en)): that made the same
-- category search 13-36 ms, but the word-only scan of every search without a category 2.5-4.5 times slower (12 ms
-- against 54 ms for one word's 77,000 matches, freshly built both).
-- The active generation only: a rebuild creates the active generation's indexes on the one it builds.
do $$
declare
    generation text;
begin
    for generation in select g.schema_name from projection_generation g
                      join pg_namespace n on n.nspname = g.schema_name
                      where g.state = 'active' loop
        execute format('create index if not exists insight_search_category_idx on %I.insight_search (category)',
                       generation);
    end loop;
end $$;
