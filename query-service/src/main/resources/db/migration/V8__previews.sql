-- Draft previews (issue 10, docs/adr/0022-draft-previews.md): the page render-service made of a draft, served at
-- /preview/{token} until expires_at and deleted soon after by query-service's cleanup. Outside the projection's
-- generations on purpose: no listing, counter, search, feed or sitemap reads this table, and a rebuild has nothing
-- to carry over. The token is kept only as its SHA-256, so that a copy of the database names no preview URL.
create table preview (
    token_sha256 bytea       primary key,
    page_html    text        not null,
    expires_at   timestamptz not null,
    stored_at    timestamptz not null default now()
);

create index preview_expires_at on preview (expires_at);
