-- ingest-service's own schema: the Idempotency-Key records (draft-ietf-httpapi-idempotency-key-header).
-- One row per client and key, claimed before the event is written and completed with the answer a retry replays.
-- Shared by every ingest replica, so a retry is recognised whichever replica it reaches, and after a restart.
create table idempotency_key (
    client_id           text        not null,
    key                 text        not null,
    -- SHA-256 of method, path and query, and the request's JSON: the same key with another request is a 422
    request_fingerprint text        not null,
    -- who holds an in-flight claim: completing or releasing it never touches a claim someone else took over
    claim_token         uuid        not null,
    state               text        not null check (state in ('in_flight', 'completed')),
    status              integer,
    -- the headers a replay repeats (Location, Link), as {"Location": ["/api/insights/x"]}
    response_headers    jsonb,
    response_body       text,
    created_at          timestamptz not null,
    completed_at        timestamptz,
    primary key (client_id, key),
    constraint completed_has_answer check (state = 'in_flight' or status is not null)
);

-- the periodic purge deletes by age
create index idempotency_key_created_at_idx on idempotency_key (created_at);
