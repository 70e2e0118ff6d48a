-- A feed's <updated> is the last time the feed changed (RFC 4287: its most recent significant modification). It was
-- the newest revisedAt of the entries still listed, so an unpublish of the insight revised last set it back although
-- the feed had changed (an entry left): 13:07:20Z became 13:03:29Z, and a reader comparing it saw an older feed.
-- An insight leaves the whole listing when it is unpublished, a category or tag when it is also revised out of it;
-- a revision that moves its publishedAt moves it in their order. The tombstone keeps neither its category nor its
-- tags, so the kept counters (V3) keep the time of the latest of these per counter: left_at, by the event's own clock
-- (the removal's occurredAt, the revision's revisedAt), the clock of the entries' <updated>. A feed's <updated> is then
-- the newest of its entries' revisedAt and its counter's left_at: a primary-key read, as the counters are.
--
-- The counters do not know an insight's rank: an insight older than a feed's latest 20 that leaves moves the feed's
-- <updated> too (later than needed, never earlier). Removals before this migration are known only for the whole
-- listing (the tombstones keep removed_at), not per category or tag.
do $$
declare
    generation text;
begin
    for generation in select g.schema_name from projection_generation g
                      join pg_namespace n on n.nspname = g.schema_name
                      where g.state in ('active', 'building') order by g.schema_name loop
        execute format($sql$
            alter table %1$I.insight_count add column left_at timestamptz;
            alter table %1$I.insight_count_change add column left_at timestamptz;
            insert into %1$I.insight_count as kept (facet, value, insights, left_at)
            select 'total', 'insights', 0, max(removed_at) from %1$I.insight where removed_at is not null and was_live
            having max(removed_at) is not null
            on conflict (facet, value) do update set left_at = excluded.left_at;
        $sql$, generation);
    end loop;
    -- the view's select * was expanded when it was created: define it again to take the new column in
    execute format('create or replace view public.insight_count as select * from %I.insight_count',
                   (select schema_name from projection_generation where state = 'active'));
end $$;

-- V3's trigger function, which now also writes when a statement took a live insight out of a counter (or moved it in
-- the counter's order): left_at, the latest such instant of the statement per counter. A counter whose number did not
-- change (one insight left a tag, another came) is written for its left_at alone.
create or replace function projection_insight_changed() returns trigger language plpgsql as $$
declare
    before_rows text := case when tg_op in ('UPDATE', 'DELETE') then 'old_rows' else '(select * from new_rows limit 0)' end;
    after_rows text := case when tg_op in ('INSERT', 'UPDATE') then 'new_rows' else '(select * from old_rows limit 0)' end;
begin
    -- as in V3 but for the counters' left_at
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
                select 'tag', tag from unnest(r.tags) tag) counter (facet, value)
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
