-- Publish receipts: what became of each accepted publish or unpublish, as the pipeline's events report it.
-- Written when the request is accepted (before its event is sent, so that no pipeline event can arrive before it),
-- moved forward by the receipt listeners, read by GET /api/publishes/{eventId} and by waits (Prefer: wait).
create table receipt (
    event_id      uuid        primary key,
    client_id     text        not null,
    slug          text        not null,
    kind          text        not null check (kind in ('publish', 'unpublish')),
    state         text        not null
        check (state in ('accepted', 'rendered', 'scheduled', 'live', 'superseded', 'failed', 'removed')),
    -- how far the state is: a state moves only to a higher rank, so a late or repeated event changes nothing
    rank          integer     not null,
    reason        text,
    scheduled_for timestamptz,
    -- [{"state": "accepted", "at": "..."}, ...]: each state reached, once, with when it was reached
    steps         jsonb       not null,
    accepted_at   timestamptz not null
);

-- the retention purge deletes by age
create index receipt_accepted_at_idx on receipt (accepted_at);

-- Every replica's waiters learn of a move whichever replica's listener made it: the notification is sent on commit.
create function receipt_moved() returns trigger language plpgsql as $$
begin
    perform pg_notify('ingest_receipt_moved', new.event_id::text);
    return null;
end;
$$;

create trigger receipt_moved after update of state on receipt
    for each row execute function receipt_moved();
