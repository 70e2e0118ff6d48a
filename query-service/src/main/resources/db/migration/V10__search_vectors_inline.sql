-- The stored tsvectors stay in the row (storage main) instead of TOAST (issue 9): a search checks and ranks each of
-- its candidates by its vector, and at 1,000,000 insights that check was a TOAST index lookup and two chunk reads per
-- row (pglz cannot shrink a tsvector, so the ~2 KB vector always went out of line), half of every search's time.
-- body_text keeps the default: compressed and moved out of line first, read only for the snippets of the rows shown.
-- Rows written before keep their place until they are written again; the rebuild writes all of them anew (its
-- generation copies the columns with "like ... including all").
do $$
declare
    generation text;
begin
    for generation in select g.schema_name from projection_generation g
                      join pg_namespace n on n.nspname = g.schema_name
                      where g.state in ('active', 'building') order by g.schema_name loop
        execute format('alter table %I.insight_search alter column document_en set storage main,'
                       ' alter column document_de set storage main', generation);
    end loop;
end $$;
