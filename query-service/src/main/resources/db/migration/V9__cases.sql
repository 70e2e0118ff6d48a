-- Cases (issue 11, docs/adr/0024-cases-and-case-links.md): the second kind of content, projected from case-rendered by
-- the case projector. Few rows (one per case number ever seen), so they live beside the generations, in public: a
-- rebuild of the insight projection replays insights against the cases as they stand, and never needs to replay
-- cases.
--
-- One row per number. An unpublished case keeps its row as a tombstone (removed_at set, content cleared), so that
-- its page answers 410 and an older revision arriving late cannot bring it back.
create table cases (
    number             text        primary key check (number ~ '^[0-9]{2}$'),
    revision_partition integer     not null,
    revision_offset    bigint      not null,
    source_event_id    uuid        not null,
    applied_at         timestamptz not null default now(),
    removed_at         timestamptz,
    removal_reason     text,
    slug               text,
    title              text,
    summary            text,
    published_at       timestamptz,
    revised_at         timestamptz,
    case_html          text,
    content_hash       text,
    constraint live_case_is_complete check (
        removed_at is not null
        or (slug is not null and title is not null and summary is not null and published_at is not null
            and revised_at is not null and case_html is not null and content_hash is not null))
);

-- The counter "8 Cases": published cases, kept by the case projector in the transaction that publishes or
-- unpublishes one, so that the listing reads one row instead of counting (issue 9's rule).
create table case_count (
    only_row  boolean primary key default true check (only_row),
    published bigint  not null check (published >= 0)
);
insert into case_count (published) values (0);

-- The old counter of distinct case references (V3) is no longer what the site shows, and no longer kept.
do $$
declare
    generation text;
begin
    for generation in select g.schema_name from projection_generation g
                      join pg_namespace n on n.nspname = g.schema_name
                      where g.state in ('active', 'building') order by g.schema_name loop
        execute format($sql$delete from %1$I.insight_count where facet = 'total' and value = 'cases'$sql$, generation);
    end loop;
end $$;
