-- Integration feeds: calendar stamps on fractions, dropped fractions kept for calendar clients,
-- webhook subscriptions and the outbox their deliveries are sent from.

-- A fraction's calendar event: SEQUENCE is raised each time its slot or its calendar status
-- (booked or cancelled) changes, and changed_utc (DTSTAMP, LAST-MODIFIED) is when that last
-- happened. Both are set in the one place fractions are written, PlanStore.
ALTER TABLE fractions ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0);
ALTER TABLE fractions ADD COLUMN changed_utc TEXT NOT NULL DEFAULT '';
UPDATE fractions SET changed_utc = (SELECT p.updated_utc FROM plans p WHERE p.id = fractions.plan_id);

-- The linac feed reads every fraction on a linac in a range, cancelled ones included.
CREATE INDEX ix_fractions_linac_start ON fractions (linac_id, start_utc);

-- A re-plan deletes the fractions it no longer needs; calendar clients still hold their events,
-- so they are kept here to be published as cancelled for 30 days.
CREATE TABLE dropped_fractions (
    id          TEXT PRIMARY KEY,
    plan_id     TEXT NOT NULL REFERENCES plans (id),
    lesion_id   TEXT NOT NULL,
    number      INTEGER NOT NULL,
    linac_id    TEXT NOT NULL,
    start_utc   TEXT NOT NULL,
    end_utc     TEXT NOT NULL,
    sequence    INTEGER NOT NULL,
    dropped_utc TEXT NOT NULL
) STRICT;

CREATE INDEX ix_dropped_fractions_linac ON dropped_fractions (linac_id, start_utc);
CREATE INDEX ix_dropped_fractions_plan ON dropped_fractions (plan_id);

CREATE TABLE webhook_subscriptions (
    id              TEXT PRIMARY KEY,
    url             TEXT NOT NULL,
    events          TEXT NOT NULL,  -- comma-separated event types: "plan.created,plan.changed"
    secret          TEXT NOT NULL,  -- "whsec_" + base64; signs every delivery
    status          TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    disabled_reason TEXT NULL,
    created_utc     TEXT NOT NULL,
    deleted_utc     TEXT NULL
) STRICT;

-- One row per change event, written in the transaction of the change. seq orders them.
CREATE TABLE outbox_events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,  -- the webhook-id every delivery of it carries
    type        TEXT NOT NULL,
    plan_id     TEXT NOT NULL,
    body        TEXT NOT NULL,         -- the JSON sent, byte for byte (it is what is signed)
    created_utc TEXT NOT NULL
) STRICT;

CREATE INDEX ix_outbox_events_plan ON outbox_events (plan_id, seq);

-- An event for one subscription, fanned out with the event. Per subscription and plan, only the
-- pending delivery with the lowest event_seq is sent: events reach a receiver in plan order.
CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,
    subscription_id  TEXT NOT NULL REFERENCES webhook_subscriptions (id),
    event_seq        INTEGER NOT NULL REFERENCES outbox_events (seq),
    plan_id          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_utc TEXT NOT NULL,
    last_status_code INTEGER NULL,
    last_error       TEXT NULL,
    completed_utc    TEXT NULL,
    created_utc      TEXT NOT NULL,
    UNIQUE (subscription_id, event_seq)
) STRICT;

CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_utc) WHERE status = 'pending';
CREATE INDEX ix_webhook_deliveries_queue ON webhook_deliveries (subscription_id, plan_id, event_seq) WHERE status = 'pending';
CREATE INDEX ix_webhook_deliveries_subscription ON webhook_deliveries (subscription_id, event_seq);

CREATE TABLE webhook_attempts (
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id),
    number      INTEGER NOT NULL,
    at_utc      TEXT NOT NULL,
    status_code INTEGER NULL,  -- null when no answer came (refused, timed out)
    error       TEXT NULL,
    duration_ms INTEGER NOT NULL,
    PRIMARY KEY (delivery_id, number)
) STRICT;
