-- What search ranks and marks by (docs/adr/0009-search-in-postgresql.md): the query without its negations, and before
-- ts_rank, how its title answers the query. Functions of the query only, computed once per search statement (the CTE
-- terms of query-service search/SearchQueries), and one inlined expression per candidate.

-- What a search ranks and marks: the query without its negations. ts_rank of a query with a NOT is 1e-20 for every
-- row (so "cache -redis" ranked nothing, and the newest came first), and ts_headline marked the negated words. A
-- query of negations alone keeps them: there is nothing else to rank by.
create function search_positive(config regconfig, query text) returns tsquery
language sql immutable parallel safe as $$
    select case when querytree(search_query(config, query)) in ('', 'T') then search_query(config, query)
                else querytree(search_query(config, query))::tsquery end $$;

-- The query's words in its order as a phrase of the title (weight A), or null for a query with "or" or nothing to
-- rank by.
create function search_title_phrase(config regconfig, query text) returns tsquery
language sql immutable parallel safe as $$
    select case when tree in ('', 'T') or strpos(tree, '|') > 0 then null
                else regexp_replace(replace(tree, ' & ', ' <-> '), '(''(?:[^'']|'''')*'')', '\1:A', 'g')::tsquery end
    from querytree(search_query(config, query)) tree $$;

-- How a document's title answers the query (phrase: search_title_phrase()), ranked before ts_rank, which is
-- unnormalised and saturates (a body that repeats the words outranked the insight titled with them): 2 when the
-- title is the query's words and no other (stop words aside), 1 when it holds them as a phrase, else 0. One
-- expression, so that the planner inlines it: the phrase is then computed once per statement, not per candidate.
create function search_title_rank(document tsvector, phrase tsquery) returns integer
language sql immutable parallel safe as $$
    select case when not coalesce(document @@ phrase, false) then 0
                when numnode(phrase) = 2 * length(ts_filter(document, '{a}')) - 1 then 2
                else 1 end $$;
