-- PostgreSQL baseline: the SQLite schema as of its migration 012 (001-004, 006-012), in one script,
-- with the rules SQLite enforces in C# or by one unique index stated in the database itself.
-- Types: see README.md beside this file. In short, every value keeps the representation the Dapper
-- code reads and writes today (ISO text for dates and instants, bigint for integers and 0/1 flags),
-- and every text column compares byte by byte (COLLATE "C"), as SQLite's BINARY does, whatever the
-- database's own locale.

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Opaque ids, names, ISO local dates ("2026-12-07"), local times ("08:00"), local date-times.
CREATE DOMAIN sbrt_text AS text COLLATE "C";

-- An instant as the service writes it: UTC ISO-8601, 'Z', 0 to 9 decimals ("2026-12-07T14:00:00Z").
CREATE DOMAIN utc_text AS text COLLATE "C"
    CHECK (VALUE ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?Z$');

-- The instant a utc_text names. IMMUTABLE is true for this input only: with its explicit 'Z' the
-- session's TimeZone and DateStyle cannot change the result, and utc_text admits nothing else.
-- Needed because an index or an exclusion constraint may only call immutable functions.
CREATE FUNCTION utc_instant(value utc_text) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN value::text::timestamptz;

CREATE TABLE centers (
    id               sbrt_text PRIMARY KEY,
    name             sbrt_text NOT NULL,
    time_zone        sbrt_text NOT NULL,
    open_days        sbrt_text NOT NULL,  -- comma-separated weekday names: "monday,tuesday"
    holiday_calendar sbrt_text NULL,
    created_utc      utc_text NOT NULL,
    calendar_version bigint NOT NULL DEFAULT 0  -- raised by the triggers below (SQLite 010)
);

CREATE TABLE closures (
    id          sbrt_text PRIMARY KEY,
    center_id   sbrt_text NOT NULL REFERENCES centers (id),
    date        sbrt_text NOT NULL,
    reason      sbrt_text NOT NULL,
    created_utc utc_text NOT NULL,
    UNIQUE (center_id, date)
);

CREATE TABLE linacs (
    id           sbrt_text PRIMARY KEY,
    center_id    sbrt_text NOT NULL REFERENCES centers (id),
    name         sbrt_text NOT NULL,
    opens_at     sbrt_text NOT NULL,
    closes_at    sbrt_text NOT NULL,
    slot_minutes bigint NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
    created_utc  utc_text NOT NULL
);

CREATE INDEX ix_linacs_center ON linacs (center_id);

CREATE TABLE downtimes (
    id          sbrt_text PRIMARY KEY,
    linac_id    sbrt_text NOT NULL REFERENCES linacs (id),
    start_local sbrt_text NOT NULL,
    end_local   sbrt_text NOT NULL,
    reason      sbrt_text NOT NULL,
    created_utc utc_text NOT NULL,
    CHECK (end_local > start_local)
);

CREATE INDEX ix_downtimes_linac ON downtimes (linac_id);

CREATE TABLE patients (
    id                sbrt_text PRIMARY KEY,
    study_id          sbrt_text NOT NULL UNIQUE,
    center_id         sbrt_text NOT NULL REFERENCES centers (id),
    arm               bigint NOT NULL CHECK (arm IN (1, 2)),
    day_one           sbrt_text NOT NULL,
    created_utc       utc_text NOT NULL,
    version           bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
    withdrawn_utc     utc_text NULL,
    withdrawal_reason sbrt_text NULL
);

CREATE INDEX ix_patients_center ON patients (center_id, id);

CREATE TABLE lesions (
    id                   sbrt_text PRIMARY KEY,
    patient_id           sbrt_text NOT NULL REFERENCES patients (id),
    ordinal              bigint NOT NULL,
    label                sbrt_text NOT NULL,
    site                 sbrt_text NULL,
    greatest_diameter_cm double precision NOT NULL CHECK (greatest_diameter_cm > 0 AND greatest_diameter_cm <= 5.0),
    removed_utc          utc_text NULL,
    UNIQUE (patient_id, ordinal)
);

CREATE TABLE plans (
    id                    sbrt_text PRIMARY KEY,
    patient_id            sbrt_text NOT NULL REFERENCES patients (id),
    center_id             sbrt_text NOT NULL REFERENCES centers (id),
    version               bigint NOT NULL CHECK (version >= 1),
    status                sbrt_text NOT NULL CHECK (status IN ('draft', 'active', 'completed', 'cancelled', 'needsAttention')),
    day_one               sbrt_text NOT NULL,
    max_fractions_per_day bigint NOT NULL CHECK (max_fractions_per_day BETWEEN 1 AND 5),
    window_start          sbrt_text NOT NULL,
    window_end            sbrt_text NOT NULL,
    days_before           bigint NOT NULL,
    days_after            bigint NOT NULL,
    window_closures       sbrt_text NOT NULL,  -- JSON [{ "date", "reason" }], read back whole
    milestones            sbrt_text NOT NULL,  -- JSON [{ "kind", "date" }]
    explanation           sbrt_text NOT NULL,  -- JSON [ "..." ]
    protocol_deviation    sbrt_text NULL,      -- JSON { "daysPastWindow", "causes" }
    created_utc           utc_text NOT NULL,
    updated_utc           utc_text NOT NULL,
    attention_reason      sbrt_text NULL       -- set while status = 'needsAttention'
);

-- One live plan per patient: a second one waits until the first is cancelled (as SQLite's index).
CREATE UNIQUE INDEX ux_plans_live_per_patient ON plans (patient_id) WHERE status <> 'cancelled';
CREATE INDEX ix_plans_day_one ON plans (day_one, id);
CREATE INDEX ix_plans_center_day_one ON plans (center_id, day_one, id);

CREATE TABLE fractions (
    id              sbrt_text PRIMARY KEY,
    plan_id         sbrt_text NOT NULL REFERENCES plans (id),
    lesion_id       sbrt_text NOT NULL REFERENCES lesions (id),
    number          bigint NOT NULL,
    dose_gy         double precision NOT NULL,
    linac_id        sbrt_text NOT NULL REFERENCES linacs (id),
    start_utc       utc_text NOT NULL,
    end_utc         utc_text NOT NULL,
    status          sbrt_text NOT NULL CHECK (status IN ('planned', 'delivered', 'missed', 'displaced')),
    pinned          bigint NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    cancelled       bigint NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),  -- its plan was cancelled
    recorded_at_utc utc_text NULL,   -- when a delivery or a miss happened
    recorded_reason sbrt_text NULL,
    unconfirmed_utc utc_text NULL,   -- when reconciliation flagged it
    sequence        bigint NOT NULL DEFAULT 0 CHECK (sequence >= 0),  -- the calendar event's SEQUENCE
    changed_utc     utc_text NOT NULL,  -- SQLite's default '' was only for rows older than 003
    CHECK (utc_instant(end_utc) > utc_instant(start_utc))
);

CREATE INDEX ix_fractions_plan ON fractions (plan_id);
CREATE INDEX ix_fractions_linac_start ON fractions (linac_id, start_utc);

-- The last guards against double booking, for the fractions that hold their slot (booked_fractions
-- below): one per linac and start, as in SQLite, and, what SQLite could not say, no two overlapping
-- in time on one linac. Missed fractions and those of cancelled plan versions hold no slot.
CREATE UNIQUE INDEX ux_fractions_booked_slot ON fractions (linac_id, start_utc)
    WHERE status IN ('planned', 'delivered') AND cancelled = 0;
ALTER TABLE fractions ADD CONSTRAINT ex_fractions_booked_overlap
    EXCLUDE USING gist (linac_id WITH =, tstzrange(utc_instant(start_utc), utc_instant(end_utc)) WITH &&)
    WHERE (status IN ('planned', 'delivered') AND cancelled = 0);

-- "Holds a slot", stated once (SQLite 012).
CREATE VIEW booked_fractions AS
SELECT * FROM fractions
WHERE status IN ('planned', 'delivered') AND cancelled = 0;

CREATE TABLE reconciliation_runs (
    center_id   sbrt_text NOT NULL REFERENCES centers (id),
    date        sbrt_text NOT NULL,   -- the center-local date the run stands for
    ran_utc     utc_text NOT NULL,
    flagged     bigint NOT NULL,
    missed      bigint NOT NULL,
    PRIMARY KEY (center_id, date)
);

CREATE TABLE dropped_fractions (
    id          sbrt_text PRIMARY KEY,
    plan_id     sbrt_text NOT NULL REFERENCES plans (id),
    lesion_id   sbrt_text NOT NULL,
    number      bigint NOT NULL,
    linac_id    sbrt_text NOT NULL,
    start_utc   utc_text NOT NULL,
    end_utc     utc_text NOT NULL,
    sequence    bigint NOT NULL,
    dropped_utc utc_text NOT NULL
);

CREATE INDEX ix_dropped_fractions_linac ON dropped_fractions (linac_id, start_utc);
CREATE INDEX ix_dropped_fractions_plan ON dropped_fractions (plan_id);

-- The audit trail, append-only and chained (SQLite 004 and 008). at_utc has exactly three decimals,
-- so text order is time order. Every row is chained from the start: no pre-chain rows exist here.
CREATE TABLE audit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- never reused: the order rows were written
    at_utc      utc_text NOT NULL,
    actor       sbrt_text NOT NULL,
    actor_roles sbrt_text NOT NULL,  -- JSON [ "admin", ... ]
    action      sbrt_text NOT NULL,
    entity      sbrt_text NOT NULL,
    entity_id   sbrt_text NOT NULL,
    old_json    sbrt_text NULL,
    new_json    sbrt_text NULL,
    reason      sbrt_text NULL,
    seq         bigint NOT NULL UNIQUE,
    prev_hash   sbrt_text NOT NULL UNIQUE,
    hash        sbrt_text NOT NULL
);

CREATE INDEX ix_audit_entity ON audit (entity, entity_id, id);
CREATE INDEX ix_audit_at ON audit (at_utc, id);
CREATE INDEX ix_audit_actor ON audit (actor, at_utc, id);

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are append-only: they cannot be %', lower(TG_OP) || 'd'
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Idempotency-Key answers (SQLite 004, 009), and, new, the keys in flight: with two instances the
-- in-memory InFlightKeys of one cannot see the other's. A request claims its key with a row in state
-- 'running' (INSERT ... ON CONFLICT DO NOTHING); the row becomes 'done' with the answer in the
-- transaction of the change. A claim whose instance died is taken over once lease_until_utc passes.
CREATE TABLE idempotency (
    subject         sbrt_text NOT NULL,
    key             sbrt_text NOT NULL,
    fingerprint     sbrt_text NOT NULL,  -- hex SHA-256 of method, path with query, and body
    state           sbrt_text NOT NULL DEFAULT 'done' CHECK (state IN ('running', 'done')),
    lease_until_utc utc_text NULL,
    status          bigint NULL,
    location        sbrt_text NULL,
    etag            sbrt_text NULL,
    content_type    sbrt_text NULL,
    body            bytea NULL,
    protected       bigint NOT NULL DEFAULT 0 CHECK (protected IN (0, 1)),
    created_utc     utc_text NOT NULL,
    expires_utc     utc_text NOT NULL,
    PRIMARY KEY (subject, key),
    CHECK (state = 'running' AND lease_until_utc IS NOT NULL AND status IS NULL AND body IS NULL
        OR state = 'done' AND status IS NOT NULL AND body IS NOT NULL)
);

CREATE INDEX ix_idempotency_expires ON idempotency (expires_utc);

-- Webhooks (SQLite 006): times the delivery job compares are unix milliseconds.
CREATE TABLE webhook_subscriptions (
    id           sbrt_text PRIMARY KEY,
    url          sbrt_text NOT NULL,
    events       sbrt_text NOT NULL,   -- JSON array of event types
    secret       sbrt_text NOT NULL,   -- protected with Data Protection (Data/SecretsAtRest.cs)
    created_utc  utc_text NOT NULL,
    disabled_utc utc_text NULL
);

CREATE TABLE outbox_events (
    seq         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,  -- write order
    id          sbrt_text NOT NULL UNIQUE,  -- the webhook-id, stable across retries
    type        sbrt_text NOT NULL,
    plan_id     sbrt_text NOT NULL,
    payload     sbrt_text NOT NULL,
    created_utc utc_text NOT NULL,
    created_ms  bigint NOT NULL
);

CREATE TABLE webhook_deliveries (
    subscription_id sbrt_text NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_seq       bigint NOT NULL REFERENCES outbox_events (seq),
    plan_id         sbrt_text NOT NULL,
    status          sbrt_text NOT NULL,  -- pending | delivered | failed | disabled
    attempts        bigint NOT NULL DEFAULT 0,
    next_attempt_ms bigint NOT NULL,
    PRIMARY KEY (subscription_id, event_seq)
);

CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_ms);
CREATE INDEX ix_webhook_deliveries_order ON webhook_deliveries (subscription_id, plan_id, status, event_seq);

CREATE TABLE webhook_attempts (
    subscription_id  sbrt_text NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_seq        bigint NOT NULL REFERENCES outbox_events (seq),
    attempt          bigint NOT NULL,
    at_utc           utc_text NOT NULL,
    status_code      bigint NULL,
    error            sbrt_text NULL,
    next_attempt_utc utc_text NULL,
    outcome          sbrt_text NOT NULL,  -- delivered | retrying | failed | disabled
    PRIMARY KEY (subscription_id, event_seq, attempt)
);

-- Feed tokens (SQLite 007): only the token's SHA-256 is kept.
CREATE TABLE feed_tokens (
    id          sbrt_text PRIMARY KEY,
    kind        sbrt_text NOT NULL CHECK (kind IN ('linac', 'patient')),
    target_id   sbrt_text NOT NULL,
    token_hash  sbrt_text NOT NULL,
    created_utc utc_text NOT NULL,
    created_by  sbrt_text NOT NULL,
    revoked_utc utc_text NULL
);

CREATE INDEX ix_feed_tokens_target ON feed_tokens (kind, target_id);

-- A center's calendar version (SQLite 010), raised by the database on every write to what the solver
-- reads as the center's calendar: closures, linacs, downtimes. One function per way to find the center.
CREATE FUNCTION raise_calendar_version_by_center() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    centers_of_row text[] := CASE TG_OP
        WHEN 'INSERT' THEN ARRAY[NEW.center_id]
        WHEN 'DELETE' THEN ARRAY[OLD.center_id]
        ELSE ARRAY[OLD.center_id, NEW.center_id] END;
BEGIN
    UPDATE centers SET calendar_version = calendar_version + 1 WHERE id = ANY (centers_of_row);
    RETURN NULL;
END;
$$;

CREATE FUNCTION raise_calendar_version_by_linac() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    linacs_of_row text[] := CASE TG_OP
        WHEN 'INSERT' THEN ARRAY[NEW.linac_id]
        WHEN 'DELETE' THEN ARRAY[OLD.linac_id]
        ELSE ARRAY[OLD.linac_id, NEW.linac_id] END;
BEGIN
    UPDATE centers SET calendar_version = calendar_version + 1
    WHERE id IN (SELECT center_id FROM linacs WHERE id = ANY (linacs_of_row));
    RETURN NULL;
END;
$$;

CREATE TRIGGER closures_raise_calendar_version AFTER INSERT OR UPDATE OR DELETE ON closures
    FOR EACH ROW EXECUTE FUNCTION raise_calendar_version_by_center();
CREATE TRIGGER linacs_raise_calendar_version AFTER INSERT OR UPDATE OR DELETE ON linacs
    FOR EACH ROW EXECUTE FUNCTION raise_calendar_version_by_center();
CREATE TRIGGER downtimes_raise_calendar_version AFTER INSERT OR UPDATE OR DELETE ON downtimes
    FOR EACH ROW EXECUTE FUNCTION raise_calendar_version_by_linac();
