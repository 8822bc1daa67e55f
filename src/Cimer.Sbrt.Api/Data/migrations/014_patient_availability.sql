-- Schema v14: the patient's real week (issue 13 item 2). Hours she can come and the time she prefers,
-- as center-local "HH:mm" text (null: no limit / no wish), and the dates she cannot come. An absence
-- is a fact about the patient: one per patient and date (the unique index answers a second with 409),
-- and adding or removing one raises the patient's version, as every patient change does.

ALTER TABLE patients ADD COLUMN available_from TEXT NULL;
ALTER TABLE patients ADD COLUMN available_until TEXT NULL;
ALTER TABLE patients ADD COLUMN preferred_time TEXT NULL;

CREATE TABLE patient_absences (
    id          TEXT PRIMARY KEY,
    patient_id  TEXT NOT NULL REFERENCES patients (id),
    date        TEXT NOT NULL,   -- local date, ISO
    reason      TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    UNIQUE (patient_id, date)
) STRICT;
