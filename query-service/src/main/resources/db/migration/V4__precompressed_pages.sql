-- Article pages compressed once by the projector (gzip, and brotli where brotli4j has a native library), stored
-- beside the identity bytes and sent as they are (issue 9). Null where a page was projected before this migration,
-- or brotli was not available: the site then sends the identity bytes, compressed per request as before. A rebuild
-- fills them for every page.
--
-- The generations that are written to get the columns: the active one and one being built (its tables were copied
-- from the active one before this migration). A rebuild after it copies them with create table (like ... including
-- all), storage settings included.
do $$
declare
    generation text;
begin
    for generation in select schema_name from projection_generation where state in ('active', 'building') loop
        -- external: out of line without TOAST compression, which cannot shrink gzip or brotli and would only spend
        -- CPU on trying
        execute format('alter table %I.insight add column page_gzip bytea, add column page_br bytea', generation);
        execute format('alter table %I.insight alter column page_gzip set storage external,'
                       ' alter column page_br set storage external', generation);
    end loop;
    -- the view's select * was expanded when it was created: define it again to take the new columns in
    execute format('create or replace view public.insight as select * from %I.insight',
                   (select schema_name from projection_generation where state = 'active'));
end $$;
