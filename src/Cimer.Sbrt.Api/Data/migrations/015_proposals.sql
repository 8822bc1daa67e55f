-- Making room (issue 13): a proposal is a dry run a scheduler may accept. What it was decided on is
-- kept so acceptance can refuse (409) when anything it read has changed: the center's calendar
-- version, the patient's version and the version of every live plan it read. The decision itself is
-- made again at acceptance from a fresh read, at the proposal's moment, and must match the
-- fingerprint of what was proposed.

CREATE TABLE proposals (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients(id),
    center_id TEXT NOT NULL REFERENCES centers(id),
    max_fractions_per_day INTEGER NOT NULL,
    decided_utc TEXT NOT NULL,
    expires_utc TEXT NOT NULL,
    calendar_version INTEGER NOT NULL,
    patient_version INTEGER NOT NULL,
    plan_versions TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_by TEXT NOT NULL,
    accepted_utc TEXT,
    accepted_plan_id TEXT
);

CREATE INDEX ix_proposals_patient ON proposals(patient_id);
