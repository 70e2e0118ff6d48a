-- A removal of a slug the generation does not hold inserts a tombstone (it keeps the slug's revision order): an
-- insight scheduled ahead and withdrawn before its time (an embargoed announcement), or a DELETE of a slug nothing
-- was published under. The sync log turned that insert into a "delete" for every delta-sync consumer, telling all of
-- them the (title-derived) slug of something never public. An inserted tombstone is a slug no consumer can hold:
-- nothing to log. (Whatever the batches: a publish and its removal in one batch insert only the tombstone, and no
-- consumer saw the publish either.)
create or replace function projection_sync_changed() returns trigger language plpgsql as $$
begin
    -- Entries in slug order, so that two transactions that share slugs (only a rebalance or a rebuild's switch)
    -- lock them in the same order.
    execute format($sql$
        insert into %1$I.sync_change as entry (type, slug, xid, changed_at)
        select distinct 'insight', slug, pg_current_xact_id(), now() from %2$s changed %3$s order by 2
        on conflict (type, slug) do update set xid = excluded.xid, seq = default, changed_at = excluded.changed_at$sql$,
        tg_table_schema, case when tg_op = 'DELETE' then 'old_rows' else 'new_rows' end,
        case when tg_op = 'INSERT' then 'where changed.removed_at is null' else '' end);
    return null;
end $$;
