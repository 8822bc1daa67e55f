-- Schema v6: webhooks. An outbox event is written in the transaction of the plan change that
-- causes it, and fanned out in that same transaction into one delivery per subscription that
-- wants its type, so no change is acknowledged without its event and a rolled-back change leaves
-- none. Times the delivery job compares are unix milliseconds: ISO text with optional fractions
-- does not sort as time.

CREATE TABLE webhook_subscriptions (
    id            TEXT PRIMARY KEY,
    url           TEXT NOT NULL,
    events        TEXT NOT NULL,      -- JSON array of event types
    secret        TEXT NOT NULL,      -- "whsec_" + base64 of 32 bytes; needed to sign
    created_utc   TEXT NOT NULL,
    disabled_utc  TEXT NULL           -- set when the receiver answered 410 Gone
) STRICT;

CREATE TABLE outbox_events (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,  -- write order: deliveries keep it per plan
    id           TEXT NOT NULL UNIQUE,               -- the webhook-id, stable across retries
    type         TEXT NOT NULL,
    plan_id      TEXT NOT NULL,
    payload      TEXT NOT NULL,                      -- the JSON body, exactly as signed and sent
    created_utc  TEXT NOT NULL,
    created_ms   INTEGER NOT NULL
) STRICT;

CREATE TABLE webhook_deliveries (
    subscription_id  TEXT NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_seq        INTEGER NOT NULL REFERENCES outbox_events (seq),
    plan_id          TEXT NOT NULL,
    status           TEXT NOT NULL,      -- pending | delivered | failed | disabled
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms  INTEGER NOT NULL,
    PRIMARY KEY (subscription_id, event_seq)
) STRICT;

CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_ms);
CREATE INDEX ix_webhook_deliveries_order ON webhook_deliveries (subscription_id, plan_id, status, event_seq);

CREATE TABLE webhook_attempts (
    subscription_id  TEXT NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_seq        INTEGER NOT NULL REFERENCES outbox_events (seq),
    attempt          INTEGER NOT NULL,
    at_utc           TEXT NOT NULL,
    status_code      INTEGER NULL,
    error            TEXT NULL,
    next_attempt_utc TEXT NULL,
    outcome          TEXT NOT NULL,      -- delivered | retrying | failed | disabled
    PRIMARY KEY (subscription_id, event_seq, attempt)
) STRICT;
