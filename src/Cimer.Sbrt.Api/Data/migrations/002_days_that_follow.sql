-- Schema v2: the days that follow. A plan that needs a person says why; a fraction the nightly
-- reconciliation found past with no delivery record says since when; each reconciliation run is
-- recorded once per center and local date, which makes the job idempotent and lets a restart
-- find the runs it missed.

ALTER TABLE plans ADD COLUMN attention_reason TEXT NULL;  -- set while status = 'needsAttention'

ALTER TABLE fractions ADD COLUMN unconfirmed_utc TEXT NULL;  -- when reconciliation flagged it

CREATE INDEX ix_fractions_linac_start ON fractions (linac_id, start_utc);

CREATE TABLE reconciliation_runs (
    center_id   TEXT NOT NULL REFERENCES centers (id),
    date        TEXT NOT NULL,      -- the center-local date the run stands for
    ran_utc     TEXT NOT NULL,
    flagged     INTEGER NOT NULL,   -- fractions newly flagged unconfirmed
    missed      INTEGER NOT NULL,   -- fractions recorded as missed (Jobs:AutoMissUnconfirmedAfterHours)
    PRIMARY KEY (center_id, date)
) STRICT;
