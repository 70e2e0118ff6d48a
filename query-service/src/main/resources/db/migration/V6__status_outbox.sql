-- The status outbox (docs/adr/0020-status-outbox-and-relay.md): what the live projector made of each source event,
-- written in the transaction of the batch that made it visible, so that a crash between the commit and the send to
-- insight-status loses nothing. The relay (StatusRelay) sends the rows in id order per slug and deletes them once the
-- broker acknowledged them. In public, not in a generation: the rebuild's replay never writes it, and rows written
-- just before a switch are still sent after it.
create table status_outbox (
    id                      bigint      generated always as identity primary key,
    -- the StatusEvent's eventId, fixed here so that a row sent twice (a relay killed before its delete) is the same
    -- event twice
    event_id                uuid        not null default gen_random_uuid(),
    created_at              timestamptz not null default clock_timestamp(),
    type                    text        not null check (type in ('live', 'scheduled', 'superseded', 'taken-down')),
    slug                    text        not null,
    source_event_id         uuid        not null,
    revision_partition      integer     not null,
    revision_offset         bigint      not null,
    -- live: liveAt; scheduled: liveAt to come; taken-down: removedAt
    at                      timestamptz,
    superseded_by_partition integer,
    superseded_by_offset    bigint
);

-- the relay sends a row only when no older row of its slug is held by another relay
create index status_outbox_slug_idx on status_outbox (slug, id);
