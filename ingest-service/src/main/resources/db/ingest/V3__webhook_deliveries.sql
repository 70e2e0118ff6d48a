-- Signed webhooks (docs/adr/0023): one row per (outcome, subscriber), written by the webhook listeners before their
-- offsets are committed, then delivered, retried and logged by the dispatchers of every ingest replica.
create table webhook_delivery (
    id              bigint      generated always as identity primary key,
    -- the Standard Webhooks webhook-id: the same on every attempt, derived from (event type, source event), so that a
    -- record read twice (a replay, a redelivered status) makes no second delivery
    webhook_id      text        not null,
    -- the subscriber's configured URL: pending rows follow a subscriber across restarts and changes of its index
    subscriber      text        not null,
    event_type      text        not null check (event_type in ('insight.live', 'insight.removed', 'insight.failed')),
    slug            text,
    source_event_id uuid,
    -- the JSON body, fixed when the row is written: every attempt sends (and signs) the same bytes
    payload         text        not null,
    state           text        not null check (state in ('pending', 'delivered', 'failed')),
    attempts        integer     not null default 0,
    last_status     integer,
    last_error      text,
    -- when a pending row is due; pushed ahead while a replica's attempt is in flight (its lease)
    next_attempt_at timestamptz,
    last_attempt_at timestamptz,
    created_at      timestamptz not null,
    delivered_at    timestamptz,
    unique (webhook_id, subscriber),
    constraint pending_is_due check (state <> 'pending' or next_attempt_at is not null)
);

-- the dispatchers take due rows in order
create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where state = 'pending';
-- the delivery log lists by state, newest first
create index webhook_delivery_state_idx on webhook_delivery (state, id desc);
-- the retention purge deletes settled rows by age
create index webhook_delivery_created_at_idx on webhook_delivery (created_at);
