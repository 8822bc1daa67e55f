-- Integration feeds: calendar stamps on fractions, and dropped fractions kept for calendar clients.

-- A fraction's calendar event: SEQUENCE is raised each time its slot or its calendar status
-- (booked or cancelled) changes, and changed_utc (DTSTAMP, LAST-MODIFIED) is when that last
-- happened. Both are set in the one place fractions are written, PlanStore.
ALTER TABLE fractions ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0);
ALTER TABLE fractions ADD COLUMN changed_utc TEXT NOT NULL DEFAULT '';
UPDATE fractions SET changed_utc = (SELECT p.updated_utc FROM plans p WHERE p.id = fractions.plan_id);

-- The linac feed reads every fraction on a linac in a range, cancelled ones included (002 may have made it).
CREATE INDEX IF NOT EXISTS ix_fractions_linac_start ON fractions (linac_id, start_utc);

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
