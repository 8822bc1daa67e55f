-- Schema v1. Dates are ISO local dates ("2026-12-07"), local times "HH:mm", local date-times
-- "2026-12-08T08:00", instants UTC ISO-8601 ("2026-12-07T14:00:00Z"). Ids are opaque text.

CREATE TABLE centers (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    time_zone        TEXT NOT NULL,
    open_days        TEXT NOT NULL,  -- comma-separated weekday names: "monday,tuesday"
    holiday_calendar TEXT NULL,
    created_utc      TEXT NOT NULL
) STRICT;

CREATE TABLE closures (
    id          TEXT PRIMARY KEY,
    center_id   TEXT NOT NULL REFERENCES centers (id),
    date        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    UNIQUE (center_id, date)
) STRICT;

CREATE TABLE linacs (
    id           TEXT PRIMARY KEY,
    center_id    TEXT NOT NULL REFERENCES centers (id),
    name         TEXT NOT NULL,
    opens_at     TEXT NOT NULL,
    closes_at    TEXT NOT NULL,
    slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
    created_utc  TEXT NOT NULL
) STRICT;

CREATE INDEX ix_linacs_center ON linacs (center_id);

CREATE TABLE downtimes (
    id          TEXT PRIMARY KEY,
    linac_id    TEXT NOT NULL REFERENCES linacs (id),
    start_local TEXT NOT NULL,
    end_local   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    CHECK (end_local > start_local)
) STRICT;

CREATE INDEX ix_downtimes_linac ON downtimes (linac_id);

CREATE TABLE patients (
    id          TEXT PRIMARY KEY,
    study_id    TEXT NOT NULL UNIQUE,
    center_id   TEXT NOT NULL REFERENCES centers (id),
    arm         INTEGER NOT NULL CHECK (arm IN (1, 2)),
    day_one     TEXT NOT NULL,
    created_utc TEXT NOT NULL
) STRICT;

CREATE TABLE lesions (
    id                   TEXT PRIMARY KEY,
    patient_id           TEXT NOT NULL REFERENCES patients (id),
    ordinal              INTEGER NOT NULL,
    label                TEXT NOT NULL,
    site                 TEXT NULL,
    greatest_diameter_cm REAL NOT NULL CHECK (greatest_diameter_cm > 0 AND greatest_diameter_cm <= 5.0),
    UNIQUE (patient_id, ordinal)
) STRICT;

-- The solver's answer for one patient. Window, milestones and explanation are the core's output,
-- kept as JSON because they are only ever read back whole.
CREATE TABLE plans (
    id                    TEXT PRIMARY KEY,
    patient_id            TEXT NOT NULL REFERENCES patients (id),
    center_id             TEXT NOT NULL REFERENCES centers (id),
    version               INTEGER NOT NULL CHECK (version >= 1),
    status                TEXT NOT NULL CHECK (status IN ('draft', 'active', 'completed', 'cancelled', 'needsAttention')),
    day_one               TEXT NOT NULL,
    max_fractions_per_day INTEGER NOT NULL CHECK (max_fractions_per_day BETWEEN 1 AND 5),
    window_start          TEXT NOT NULL,
    window_end            TEXT NOT NULL,
    days_before           INTEGER NOT NULL,
    days_after            INTEGER NOT NULL,
    window_closures       TEXT NOT NULL,  -- JSON [{ "date", "reason" }]
    milestones            TEXT NOT NULL,  -- JSON [{ "kind", "date" }]
    explanation           TEXT NOT NULL,  -- JSON [ "..." ]
    protocol_deviation    TEXT NULL,      -- JSON { "daysPastWindow", "causes" }
    created_utc           TEXT NOT NULL,
    updated_utc           TEXT NOT NULL
) STRICT;

-- One live plan per patient: a second one waits until the first is cancelled.
CREATE UNIQUE INDEX ux_plans_live_per_patient ON plans (patient_id) WHERE status <> 'cancelled';

CREATE TABLE fractions (
    id              TEXT PRIMARY KEY,
    plan_id         TEXT NOT NULL REFERENCES plans (id),
    lesion_id       TEXT NOT NULL REFERENCES lesions (id),
    number          INTEGER NOT NULL,
    dose_gy         REAL NOT NULL,
    linac_id        TEXT NOT NULL REFERENCES linacs (id),
    start_utc       TEXT NOT NULL,
    end_utc         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('planned', 'delivered', 'missed', 'displaced')),
    pinned          INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    cancelled       INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),  -- its plan was cancelled
    recorded_at_utc TEXT NULL,  -- when a delivery or a miss happened
    recorded_reason TEXT NULL
) STRICT;

CREATE INDEX ix_fractions_plan ON fractions (plan_id);

-- The last guard against double booking: a linac slot holds at most one booked fraction.
-- Missed fractions and those of cancelled plans no longer hold their slot.
CREATE UNIQUE INDEX ux_fractions_booked_slot ON fractions (linac_id, start_utc)
    WHERE status IN ('planned', 'delivered') AND cancelled = 0;
