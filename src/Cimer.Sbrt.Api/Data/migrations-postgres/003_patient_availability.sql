-- SQLite's 014 (issue 13 item 2): the patient's hours and preferred time, as center-local "HH:mm"
-- text (null: no limit / no wish), and the dates she cannot come, one per patient and date.
ALTER TABLE patients ADD COLUMN available_from sbrt_text NULL;
ALTER TABLE patients ADD COLUMN available_until sbrt_text NULL;
ALTER TABLE patients ADD COLUMN preferred_time sbrt_text NULL;

CREATE TABLE patient_absences (
    id          sbrt_text PRIMARY KEY,
    patient_id  sbrt_text NOT NULL REFERENCES patients (id),
    date        sbrt_text NOT NULL,   -- local date, ISO
    reason      sbrt_text NOT NULL,
    created_utc utc_text NOT NULL,
    UNIQUE (patient_id, date)
);
