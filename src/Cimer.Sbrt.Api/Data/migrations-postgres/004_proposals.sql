-- SQLite's 015 (making room, issue 13): a proposal is a dry run a scheduler may accept, with the
-- versions it was decided on, so acceptance can refuse (409) when anything it read has changed.
CREATE TABLE proposals (
    id                    sbrt_text PRIMARY KEY,
    patient_id            sbrt_text NOT NULL REFERENCES patients (id),
    center_id             sbrt_text NOT NULL REFERENCES centers (id),
    max_fractions_per_day bigint NOT NULL,
    decided_utc           utc_text NOT NULL,
    expires_utc           utc_text NOT NULL,
    calendar_version      bigint NOT NULL,
    patient_version       bigint NOT NULL,
    plan_versions         sbrt_text NOT NULL,  -- JSON
    fingerprint           sbrt_text NOT NULL,
    created_by            sbrt_text NOT NULL,
    accepted_utc          utc_text NULL,
    accepted_plan_id      sbrt_text NULL
);

CREATE INDEX ix_proposals_patient ON proposals (patient_id);
