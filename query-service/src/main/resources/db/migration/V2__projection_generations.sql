-- Projection generations (docs/adr/0012-projection-batches-offsets-and-generations.md). The projector's tables
-- live in a generation schema, projection_<n>; readers query the views public.insight and public.insight_search,
-- which point at the active generation. A rebuild fills projection_<n+1> beside it and switches the views in one
-- transaction, so the site keeps serving throughout.

create schema projection_1;

-- The projector is the single writer and writes both tables in one transaction; the rebuild copies tables with
-- create table (like ...), which does not copy foreign keys, so no generation has one.
alter table insight_search drop constraint insight_search_slug_fkey;
alter table insight set schema projection_1;
alter table insight_search set schema projection_1;

-- The next offset of every insight-rendered partition whose records this generation holds, written in the
-- transaction that applied them: the projector seeks here on partition assignment, so a commit that PostgreSQL
-- lost (synchronous_commit=off) is applied again, and one it kept is never applied twice. Kafka's committed offsets
-- of the consumer group are informational only.
create table projection_1.consumed_offset (
    topic       text    not null,
    partition   integer not null,
    next_offset bigint  not null,
    primary key (topic, partition)
);

-- Every source event the projector has processed for a slug, applied or superseded: a retried publish (same
-- Idempotency-Key, so the same source event id) arrives as a newer revision and must not become one.
create table projection_1.processed_event (
    slug            text not null,
    source_event_id uuid not null,
    primary key (slug, source_event_id)
);
insert into projection_1.processed_event (slug, source_event_id) select slug, source_event_id from projection_1.insight;

-- A GIN index with fastupdate off inserts every lexeme of a new document into its tree one by one: with about 300
-- per article that cost more than twice the rest of the row (measured: 5,000 search rows in 5.3 s of CPU with
-- fastupdate off, 2.3 s with a pending list, 2.1 s without the indexes). A pending list of at most 256 kB is merged
-- by the inserting backend whenever it fills, so it never waits for VACUUM and stays small enough (32 pages) for the
-- planner to keep choosing the indexes (V1 turned fastupdate off because an unbounded list priced them out).
alter index projection_1.insight_search_en_idx set (fastupdate = on, gin_pending_list_limit = 256);
alter index projection_1.insight_search_de_idx set (fastupdate = on, gin_pending_list_limit = 256);
alter index projection_1.insight_search_fuzzy_idx set (fastupdate = on, gin_pending_list_limit = 256);
alter index projection_1.insight_tags_idx set (fastupdate = on, gin_pending_list_limit = 256);

-- lz4 compresses the pages about as well as pglz at a fraction of its CPU; only a server built with lz4 has it
-- (the embedded PostgreSQL of the tests is not), elsewhere the columns keep the default.
do $$
begin
    alter table projection_1.insight alter column page_html set compression lz4,
                                     alter column body_html set compression lz4,
                                     alter column card_html set compression lz4;
    alter table projection_1.insight_search alter column body_text set compression lz4;
exception when feature_not_supported then
    raise notice 'lz4 is not available on this server: the projection keeps the default TOAST compression';
end $$;

create table projection_generation (
    schema_name  text primary key,
    state        text        not null check (state in ('active', 'building', 'retired')),
    created_at   timestamptz not null default now(),
    activated_at timestamptz
);
create unique index projection_generation_one_active on projection_generation (state) where state = 'active';

-- Makes a generation the one readers see: retires the active one and points the views at the target's tables,
-- in the caller's transaction. A simple view is inlined by the planner, so reads keep using the indexes.
create function activate_projection(target text) returns void language plpgsql as $$
begin
    update projection_generation set state = 'retired' where state = 'active' and schema_name <> target;
    update projection_generation set state = 'active', activated_at = now() where schema_name = target;
    if not found then
        raise exception 'no projection generation %', target;
    end if;
    execute format('create or replace view public.insight as select * from %I.insight', target);
    execute format('create or replace view public.insight_search as select * from %I.insight_search', target);
end $$;

insert into projection_generation (schema_name, state) values ('projection_1', 'building');
select activate_projection('projection_1');
