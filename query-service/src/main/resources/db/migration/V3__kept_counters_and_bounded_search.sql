-- Reads that cost the same at nine insights or a million (issue 9, docs/adr/0013-kept-counters-and-bounded-search.md):
-- counters kept by the projection instead of counted per request, a listing table per tag, an index for listing by
-- case, and a vocabulary of indexed words for the typo path of search instead of a trigram index over every document.
--
-- Every generation gets the same tables and triggers through prepare_projection_generation(schema); the rebuild calls
-- it for the generation it creates (create table (like ...) copies no triggers).

-- The triggers of a generation's tables. They run once per statement and see the statement's rows as transition
-- tables, so that a batch of 500 upserts costs one set-based statement each, not 500 row triggers. Statement-level
-- triggers that name transition tables must be one per event.
create function projection_insight_changed() returns trigger language plpgsql as $$
declare
    before_rows text := case when tg_op in ('UPDATE', 'DELETE') then 'old_rows' else '(select * from new_rows limit 0)' end;
    after_rows text := case when tg_op in ('INSERT', 'UPDATE') then 'new_rows' else '(select * from old_rows limit 0)' end;
begin
    -- Statement triggers fire for statements that changed no row too (an upsert whose revisions were all older);
    -- those cost one look at the transition table, not three planned statements.
    if tg_op = 'DELETE' then
        perform from old_rows limit 1;
    else
        perform from new_rows limit 1;
    end if;
    if not found then
        return null;
    end if;
    -- What the statement changed in every counter, summed per counter. Revisions that change nothing counted cancel
    -- out and write nothing. The counters themselves are updated by fold_insight_counts() at the end of the batch,
    -- so that concurrent batches do not hold the counter rows' locks from their first statement to their commit.
    execute format($sql$
        insert into %1$I.insight_count_change (facet, value, change)
        select facet, value, sum(sign)
        from (select -1 as sign, removed_at, category, case_ref, published_at, tags from %2$s b
              union all
              select 1, removed_at, category, case_ref, published_at, tags from %3$s a) changed
        cross join lateral (
            values ('total', 'insights'), ('category', category), ('case', case_ref),
                   ('year', to_char(published_at at time zone 'UTC', 'YYYY'))
            union
            select 'tag', tag from unnest(tags) tag) counter (facet, value)
        where removed_at is null and value is not null
        group by facet, value
        having sum(sign) <> 0$sql$, tg_table_schema, before_rows, after_rows);

    -- The listing by tag: a row per live insight and tag, rewritten only for rows whose tags, category or date changed.
    if tg_op in ('UPDATE', 'DELETE') then
        execute format($sql$
            delete from %1$I.insight_tag t
            using %2$s o left join %3$s n on n.slug = o.slug
            where t.slug = o.slug
              and (n.slug is null or (o.removed_at, o.tags, o.category, o.published_at)
                                     is distinct from (n.removed_at, n.tags, n.category, n.published_at))$sql$,
            tg_table_schema, before_rows, after_rows);
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        execute format($sql$
            insert into %1$I.insight_tag (tag, slug, category, published_at)
            select distinct tag, n.slug, n.category, n.published_at
            from %3$s n left join %2$s o on o.slug = n.slug
            cross join lateral unnest(n.tags) tag
            where n.removed_at is null
              and (o.slug is null or (o.removed_at, o.tags, o.category, o.published_at)
                                     is distinct from (n.removed_at, n.tags, n.category, n.published_at))$sql$,
            tg_table_schema, before_rows, after_rows);
    end if;
    return null;
end $$;

-- The vocabulary of the typo path: every word of the titles, summaries, tags and categories ever indexed (3 to 40
-- characters, no digits), unstemmed, so that a suggestion reads as the visitor would write it. Words are only added:
-- a word whose insights are gone can still be suggested, but a suggestion is only offered when its search finds
-- something. Inserted in word order, so that two batches adding the same new words lock them in the same order.
create function projection_search_document_changed() returns trigger language plpgsql as $$
begin
    perform from new_rows limit 1;
    if not found then
        return null;
    end if;
    execute format($sql$
        insert into %1$I.search_term (term)
        select distinct term
        from new_rows n
        cross join lateral unnest(tsvector_to_array(to_tsvector('simple',
            n.title || ' ' || n.summary || ' ' || n.tags || ' ' || n.category))) term
        where length(term) between 3 and 40 and term !~ '[0-9_]'
        order by term
        on conflict do nothing$sql$, tg_table_schema);
    return null;
end $$;

create function prepare_projection_generation(target text) returns void language plpgsql as $$
begin
    if target !~ '^projection_[0-9]+$' then
        raise exception 'not a projection generation: %', target;
    end if;
    execute format($sql$
        create trigger insight_inserted after insert on %1$I.insight
            referencing new table as new_rows for each statement execute function projection_insight_changed();
        create trigger insight_updated after update on %1$I.insight
            referencing old table as old_rows new table as new_rows
            for each statement execute function projection_insight_changed();
        create trigger insight_deleted after delete on %1$I.insight
            referencing old table as old_rows for each statement execute function projection_insight_changed();
        create trigger search_document_inserted after insert on %1$I.insight_search
            referencing new table as new_rows for each statement execute function projection_search_document_changed();
        create trigger search_document_updated after update on %1$I.insight_search
            referencing new table as new_rows for each statement execute function projection_search_document_changed();
    $sql$, target);
end $$;

-- Readers see a generation through views in public: one per table that requests read.
create function create_projection_views(target text) returns void language plpgsql as $$
declare
    read_table text;
begin
    foreach read_table in array array['insight', 'insight_search', 'insight_count', 'insight_tag', 'search_term'] loop
        execute format('create or replace view public.%I as select * from %I.%I', read_table, target, read_table);
    end loop;
end $$;

create or replace function activate_projection(target text) returns void language plpgsql as $$
begin
    update projection_generation set state = 'retired' where state = 'active' and schema_name <> target;
    update projection_generation set state = 'active', activated_at = now() where schema_name = target;
    if not found then
        raise exception 'no projection generation %', target;
    end if;
    perform create_projection_views(target);
end $$;

-- The trigram index over every document is replaced by the vocabulary (its view goes first: it selects the column).
drop view public.insight_search;

do $$
declare
    generation text;
begin
    for generation in select g.schema_name from projection_generation g
                      join pg_namespace n on n.nspname = g.schema_name order by g.schema_name loop
        execute format($sql$
            alter table %1$I.insight_search drop column fuzzy_text;

            -- A counter per (facet, value): ('total', 'insights'), ('total', 'cases'), ('category', name),
            -- ('case', ref), ('tag', tag), ('year', 'YYYY'). Rows that reach 0 stay (readers skip them): a handful
            -- per value that ever existed.
            create table %1$I.insight_count (
                facet    text   not null,
                value    text   not null,
                insights bigint not null,
                primary key (facet, value)
            );
            -- What the statements of the running batch changed, until fold_insight_counts() moves it into
            -- insight_count in the same transaction; empty between batches.
            create table %1$I.insight_count_change (
                facet  text   not null,
                value  text   not null,
                change bigint not null
            );

            -- The listing by tag, newest first, with or without a category: a btree per order, so that a page of a
            -- tag with 100,000 insights reads 21 index entries instead of sorting every tagged row.
            create table %1$I.insight_tag (
                tag          text        not null,
                slug         text        not null,
                category     text        not null,
                published_at timestamptz not null,
                primary key (slug, tag)
            );
            create index insight_tag_listing_idx on %1$I.insight_tag (tag, published_at desc, slug desc);
            create index insight_tag_category_listing_idx on %1$I.insight_tag (tag, category, published_at desc, slug desc);
            drop index %1$I.insight_tags_idx;

            -- The listing by case (a case has a handful of insights: every combination with a case starts here).
            create index insight_case_listing_idx on %1$I.insight (case_ref, published_at desc, slug desc)
                where removed_at is null;

            -- The vocabulary of the typo path, with a trigram GiST index for nearest neighbours (term <-> word).
            create table %1$I.search_term (term text primary key);
            create index search_term_trgm_idx on %1$I.search_term using gist (term gist_trgm_ops);

            insert into %1$I.insight_tag (tag, slug, category, published_at)
            select distinct tag, slug, category, published_at from %1$I.insight, unnest(tags) tag where removed_at is null;
            insert into %1$I.insight_count (facet, value, insights)
            select facet, value, count(*)
            from %1$I.insight
            cross join lateral (
                values ('total', 'insights'), ('category', category), ('case', case_ref),
                       ('year', to_char(published_at at time zone 'UTC', 'YYYY'))
                union
                select 'tag', tag from unnest(tags) tag) counter (facet, value)
            where removed_at is null and value is not null
            group by facet, value;
            insert into %1$I.insight_count (facet, value, insights)
            select 'total', 'cases', count(distinct case_ref) from %1$I.insight where removed_at is null;
            insert into %1$I.search_term (term)
            select distinct term from %1$I.insight_search,
                unnest(tsvector_to_array(to_tsvector('simple', title || ' ' || summary || ' ' || tags || ' ' || category))) term
            where length(term) between 3 and 40 and term !~ '[0-9_]';
        $sql$, generation);
        perform prepare_projection_generation(generation);
    end loop;
end $$;

select create_projection_views(schema_name) from projection_generation where state = 'active';
