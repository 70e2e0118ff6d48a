-- A tag's page lists the categories with links that filter within the tag, and said how many insights each category
-- has in all: "Architecture Patterns 1" on /insights/tags/postgresql, whose link then showed "No insights here yet"
-- (no insight of that category carries the tag), and "Tagged postgresql: 4 insights" above the one card of
-- /insights?category=Debugging&tag=postgresql. The kept counters (V3) now also count each tag's insights per category:
-- facet 'tag:' || tag, value the category, a primary-key range read for a tag's page, a handful of rows per tag.
do $$
declare
    generation text;
begin
    for generation in select g.schema_name from projection_generation g
                      join pg_namespace n on n.nspname = g.schema_name
                      where g.state in ('active', 'building') order by g.schema_name loop
        -- insight_tag holds a row per live insight and tag, with its category (V3)
        execute format($sql$
            insert into %1$I.insight_count as kept (facet, value, insights)
            select 'tag:' || tag, category, count(*) from %1$I.insight_tag group by tag, category
            on conflict (facet, value) do update set insights = excluded.insights;
        $sql$, generation);
    end loop;
end $$;

-- V20's trigger function with the counters of each tag's categories beside the others.
create or replace function projection_insight_changed() returns trigger language plpgsql as $$
declare
    before_rows text := case when tg_op in ('UPDATE', 'DELETE') then 'old_rows' else '(select * from new_rows limit 0)' end;
    after_rows text := case when tg_op in ('INSERT', 'UPDATE') then 'new_rows' else '(select * from old_rows limit 0)' end;
begin
    -- as in V20 but for the counters of each tag's categories
    if tg_op = 'DELETE' then
        perform from old_rows limit 1;
    else
        perform from new_rows limit 1;
    end if;
    if not found then
        return null;
    end if;
    execute format($sql$
        with counters as (
            -- side -1: the counters a row was in before the statement, 1: after it
            select r.side, r.slug, r.published_at, counter.facet, counter.value
            from (select -1 as side, slug, published_at, removed_at, category, case_ref, tags from %2$s
                  union all
                  select 1, slug, published_at, removed_at, category, case_ref, tags from %3$s) r
            cross join lateral (
                values ('total', 'insights'), ('category', r.category), ('case', r.case_ref),
                       ('year', to_char(r.published_at at time zone 'UTC', 'YYYY'))
                union
                select 'tag', tag from unnest(r.tags) tag
                union
                select 'tag:' || tag, r.category from unnest(r.tags) tag) counter (facet, value)
            where r.removed_at is null and counter.value is not null
        ), changed as (
            select facet, value, side as change, null::timestamptz as left_at from counters
            union all
            -- a live insight that is no longer in the counter, or in it at another date, as of its event's time
            select b.facet, b.value, 0, coalesce(a.removed_at, a.revised_at, now())
            from counters b left join %3$s a on a.slug = b.slug
            where b.side = -1
              and not exists (select from counters n
                              where n.side = 1 and n.slug = b.slug and n.facet = b.facet and n.value = b.value
                                and n.published_at = b.published_at)
        )
        insert into %1$I.insight_count_change (facet, value, change, left_at)
        select facet, value, sum(change), max(left_at)
        from changed
        group by facet, value
        having sum(change) <> 0 or max(left_at) is not null$sql$, tg_table_schema, before_rows, after_rows);

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
