-- The read model of query-service. Written only by the projector (consumer group query-projector).

create extension if not exists pg_trgm;

-- One row per slug ever seen. A removed insight keeps its row as a tombstone (removed_at set, content cleared),
-- so that the API can answer 410 and an older revision arriving late cannot bring it back.
create table insight (
    slug               text primary key,
    revision_partition integer     not null,
    revision_offset    bigint      not null,
    source_event_id    uuid        not null,
    applied_at         timestamptz not null default now(),
    removed_at         timestamptz,
    removal_reason     text,
    title              text,
    summary            text,
    category           text,
    published_at       timestamptz,
    reading_minutes    integer,
    case_ref           text,
    tags               text[]      not null default '{}',
    language           text,
    revised_at         timestamptz,
    page_html          text,
    card_html          text,
    -- the article element of page_html, for the JSON API
    body_html          text,
    content_hash       text,
    constraint live_insight_is_complete check (
        removed_at is not null
        or (title is not null and summary is not null and category is not null and published_at is not null
            and page_html is not null and card_html is not null and content_hash is not null))
);

-- The listing: newest first, then slug. The ORDER BY and the keyset predicate use exactly these columns and
-- directions; a different expression would not match the index (see docs/adr/0010-listing-index-and-keyset-pagination.md).
create index insight_listing_idx on insight (published_at desc, slug desc) where removed_at is null;
create index insight_category_listing_idx on insight (category, published_at desc, slug desc) where removed_at is null;
create index insight_tags_idx on insight using gin (tags) with (fastupdate = off) where removed_at is null;

-- The search document of every live insight; the row is deleted when the insight is removed.
-- One stored tsvector per language, null for the other one: a document is stemmed only in its own language.
create table insight_search (
    slug         text primary key references insight (slug),
    language     text        not null,
    title        text        not null,
    summary      text        not null,
    body_text    text        not null,
    tags         text        not null,
    category     text        not null,
    published_at timestamptz not null,
    document_en  tsvector generated always as (case when language <> 'de' then
        setweight(to_tsvector('english'::regconfig, title), 'A')
        || setweight(to_tsvector('english'::regconfig, summary || ' ' || tags || ' ' || category), 'B')
        || setweight(to_tsvector('english'::regconfig, body_text), 'C') end) stored,
    document_de  tsvector generated always as (case when language = 'de' then
        setweight(to_tsvector('german'::regconfig, title), 'A')
        || setweight(to_tsvector('german'::regconfig, summary || ' ' || tags || ' ' || category), 'B')
        || setweight(to_tsvector('german'::regconfig, body_text), 'C') end) stored,
    -- what a misspelled query is compared with, by trigram word similarity
    fuzzy_text   text generated always as (title || ' ' || summary || ' ' || tags || ' ' || category) stored
);

-- fastupdate off: writes are rare (editorial), and a GIN pending list that only VACUUM merges makes the planner
-- price the index scans out (the search plan tests showed seq scans until a VACUUM).
create index insight_search_en_idx on insight_search using gin (document_en) with (fastupdate = off);
create index insight_search_de_idx on insight_search using gin (document_de) with (fastupdate = off);
create index insight_search_fuzzy_idx on insight_search using gin (fuzzy_text gin_trgm_ops) with (fastupdate = off);
