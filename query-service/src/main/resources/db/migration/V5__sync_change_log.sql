-- The change log of the delta sync API (issue 12, docs/adr/0018-delta-sync-change-log.md): GET /api/sync?token=...
-- answers what changed in the projection since the token. PostgreSQL keeps the log, by statement triggers on the
-- generation's insight table, so that it changes in the projector's transaction (exact at every commit, whatever
-- the projector's Java code does) and a rebuilt generation fills its own log through the same triggers.
--
-- One row per (type, slug): the latest change wins, an insight revised twice keeps only its latest entry, and the
-- reader answers each entry with the slug's current state (an upsert when live, a deletion otherwise). type says what
-- kind of thing changed ('insight'; cases, once they exist, get their own).
--
-- Position of an entry: (xid, seq), the id of the transaction that wrote it, then the order within it. Readers only
-- answer entries of transactions older than the oldest one still running (pg_snapshot_xmin), so no transaction can
-- commit an entry below a position already handed out, while the projector's batches keep running side by side.

create function projection_sync_changed() returns trigger language plpgsql as $$
begin
    -- Entries in slug order, so that two transactions that share slugs (only a rebalance or a rebuild's switch)
    -- lock them in the same order.
    execute format($sql$
        insert into %1$I.sync_change as entry (type, slug, xid, changed_at)
        select distinct 'insight', slug, pg_current_xact_id(), now() from %2$s changed order by 2
        on conflict (type, slug) do update set xid = excluded.xid, seq = default, changed_at = excluded.changed_at$sql$,
        tg_table_schema, case when tg_op = 'DELETE' then 'old_rows' else 'new_rows' end);
    return null;
end $$;

-- The tables and triggers of the sync log in a generation; prepare_projection_generation calls it for a rebuild's
-- new generation, whose tables were copied with (like ... including all), which copies no triggers.
create function prepare_sync_log(target text) returns void language plpgsql as $$
begin
    if target !~ '^projection_[0-9]+$' then
        raise exception 'not a projection generation: %', target;
    end if;
    -- a rebuild's generation already has the tables, copied from the active one with their indexes
    if not exists (select from pg_tables where schemaname = target and tablename = 'sync_change') then
        execute format($sql$
            create table %1$I.sync_change (
                type       text        not null,
                slug       text        not null,
                xid        xid8        not null,
                seq        bigint      not null generated always as identity,
                changed_at timestamptz not null,
                primary key (type, slug)
            );
            -- the readers' order; unique, so that the rebuild keeps it while it loads (it drops non-unique indexes)
            create unique index sync_change_position_idx on %1$I.sync_change (xid, seq);
            -- The position up to which old entries were pruned (query.sync.retention): a token below it may have
            -- missed a deletion, and is answered 410. No row: nothing was pruned.
            create table %1$I.sync_horizon (
                only_row boolean primary key default true check (only_row),
                xid      xid8    not null,
                seq      bigint  not null
            );
        $sql$, target);
    end if;
    execute format($sql$
        create trigger insight_synced_on_insert after insert on %1$I.insight
            referencing new table as new_rows for each statement execute function projection_sync_changed();
        create trigger insight_synced_on_update after update on %1$I.insight
            referencing new table as new_rows for each statement execute function projection_sync_changed();
        create trigger insight_synced_on_delete after delete on %1$I.insight
            referencing old table as old_rows for each statement execute function projection_sync_changed();
    $sql$, target);
end $$;

create or replace function prepare_projection_generation(target text) returns void language plpgsql as $$
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
    perform prepare_sync_log(target);
end $$;

-- The generations written to now get the log, filled with one entry per slug they hold (tombstones included), so that
-- a consumer's first full sync and every later delta line up from the start.
do $$
declare
    generation text;
begin
    for generation in select g.schema_name from projection_generation g
                      join pg_namespace n on n.nspname = g.schema_name
                      where g.state in ('active', 'building') order by g.schema_name loop
        perform prepare_sync_log(generation);
        execute format($sql$
            insert into %1$I.sync_change (type, slug, xid, changed_at)
            select 'insight', slug, pg_current_xact_id(), now() from %1$I.insight order by slug
            on conflict do nothing$sql$, generation);
    end loop;
end $$;
