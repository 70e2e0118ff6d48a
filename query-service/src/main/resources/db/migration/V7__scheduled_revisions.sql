-- Scheduled publish (docs/adr/0021-scheduled-publish.md): a rendered revision whose publishedAt lies ahead waits here,
-- on no public surface, until the publish scheduler applies it through the projector's statements at that instant.
-- One row per slug, the newest scheduled revision; a newer revision applied to insight (a publish or an unpublish)
-- removes an older one here. In each generation, beside insight: a rebuild's replay fills its own copy through the
-- same projector, and its switch publishes what is due in both generations before it compares them.
do $$
declare
    generation text;
begin
    for generation in select g.schema_name from projection_generation g
                      join pg_namespace n on n.nspname = g.schema_name
                      where g.state in ('active', 'building') order by g.schema_name loop
        execute format($sql$
            create table %1$I.scheduled_insight (
                slug               text        primary key,
                revision_partition integer     not null,
                revision_offset    bigint      not null,
                source_event_id    uuid        not null,
                live_at            timestamptz not null,
                -- the InsightRendered as the CloudEvents codec writes it: applied later by the same statements as
                -- a live batch
                event              bytea       not null
            );
            -- the scheduler's next wake-up and its due rows
            create index scheduled_insight_due_idx on %1$I.scheduled_insight (live_at);
        $sql$, generation);
    end loop;
end $$;
