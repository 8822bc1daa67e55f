-- Schema v11: patients a scheduler can find and correct (issue 11).
-- A patient has a version (its strong ETag, like a plan's) raised by each correction and by a
-- withdrawal. A withdrawal is kept on the patient: when, and why. A lesion removed by a correction
-- stays as a row (fractions of earlier plan versions and the audit trail still name it) and is
-- marked removed; a live patient's lesions are those without removed_utc.

ALTER TABLE patients ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE patients ADD COLUMN withdrawn_utc TEXT NULL;
ALTER TABLE patients ADD COLUMN withdrawal_reason TEXT NULL;

ALTER TABLE lesions ADD COLUMN removed_utc TEXT NULL;

-- Keyset pages: patients by id (within a center), plans by (day 1, id) (within a center).
CREATE INDEX ix_patients_center ON patients (center_id, id);
CREATE INDEX ix_plans_day_one ON plans (day_one, id);
CREATE INDEX ix_plans_center_day_one ON plans (center_id, day_one, id);
