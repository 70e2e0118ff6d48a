-- A removal of a slug that was never live (an editor's DELETE of a mistyped slug; an insight scheduled ahead and
-- withdrawn before its time) stores a tombstone, as every removal does: it keeps the slug's revision order, so that an
-- older revision arriving later cannot go live (docs/adr/0007). Its page and JSON answered 410 "unpublished" for
-- good, at an address that never had content, and a second removal of it told every delta-sync consumer to delete
-- a slug none of them ever had. was_live says whether the slug was ever live in the generation: a tombstone that
-- took a live insight down answers 410; one that never did answers 404, as an address nothing was published under,
-- and is in no sync log.
--
-- Rows written before this migration count as having been live (their tombstones keep answering 410): whether they
-- were was not recorded. A constant default fills them without rewriting the table or firing its triggers; the
-- projector writes the column explicitly.
do $$
declare
    generation text;
begin
    for generation in select g.schema_name from projection_generation g
                      join pg_namespace n on n.nspname = g.schema_name
                      where g.state in ('active', 'building') order by g.schema_name loop
        execute format('alter table %I.insight add column was_live boolean not null default true', generation);
    end loop;
    -- the view's select * was expanded when it was created: define it again to take the new column in
    execute format('create or replace view public.insight as select * from %I.insight',
                   (select schema_name from projection_generation where state = 'active'));
end $$;

-- The sync log (V5, V11) logs a tombstone only where the slug was live: inserted or updated, a tombstone of a slug
-- never live is a slug no consumer can hold.
create or replace function projection_sync_changed() returns trigger language plpgsql as $$
begin
    -- Entries in slug order, so that two transactions that share slugs (only a rebalance or a rebuild's switch)
    -- lock them in the same order.
    execute format($sql$
        insert into %1$I.sync_change as entry (type, slug, xid, changed_at)
        select distinct 'insight', slug, pg_current_xact_id(), now() from %2$s changed %3$s order by 2
        on conflict (type, slug) do update set xid = excluded.xid, seq = default, changed_at = excluded.changed_at$sql$,
        tg_table_schema, case when tg_op = 'DELETE' then 'old_rows' else 'new_rows' end,
        case when tg_op = 'DELETE' then '' else 'where changed.removed_at is null or changed.was_live' end);
    return null;
end $$;
