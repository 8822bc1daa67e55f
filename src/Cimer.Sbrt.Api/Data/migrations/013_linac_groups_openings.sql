-- Issue 13, the clinic's real week: beam-matched groups of linacs and extra sessions (openings).
--
-- beam_group: the linac's beam-matched group (a lesion's dose plan is for one machine model, so all its
-- fractions stay in one group); NULL: a group of its own. version: raised by every change of the linac,
-- answered as its ETag and checked as If-Match by PATCH.
ALTER TABLE linacs ADD COLUMN beam_group TEXT NULL CHECK (beam_group IS NULL OR length(beam_group) BETWEEN 1 AND 64);
ALTER TABLE linacs ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);

-- An extra session of one linac on one local date (a Saturday, an overtime evening): slots cut with the
-- linac's slot length from opens_at while they end by closes_at, usable even on a closed day. Openings
-- of one linac never overlap (checked by the service, which answers 409).
CREATE TABLE openings (
    id          TEXT PRIMARY KEY,
    linac_id    TEXT NOT NULL REFERENCES linacs (id),
    date        TEXT NOT NULL,
    opens_at    TEXT NOT NULL,
    closes_at   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    CHECK (closes_at > opens_at)
) STRICT;

CREATE INDEX ix_openings_linac_date ON openings (linac_id, date);

-- Openings are part of what the solver reads as the center's calendar (010): every write raises the
-- center's calendar_version, so a plan decided before an opening came or went is decided again.
-- (A linac's beam group is a column of linacs: 010's linacs triggers already raise it.)
CREATE TRIGGER openings_raise_calendar_version_insert AFTER INSERT ON openings
BEGIN UPDATE centers SET calendar_version = calendar_version + 1 WHERE id = (SELECT center_id FROM linacs WHERE id = NEW.linac_id); END;
CREATE TRIGGER openings_raise_calendar_version_update AFTER UPDATE ON openings
BEGIN UPDATE centers SET calendar_version = calendar_version + 1 WHERE id IN (SELECT center_id FROM linacs WHERE id IN (OLD.linac_id, NEW.linac_id)); END;
CREATE TRIGGER openings_raise_calendar_version_delete AFTER DELETE ON openings
BEGIN UPDATE centers SET calendar_version = calendar_version + 1 WHERE id = (SELECT center_id FROM linacs WHERE id = OLD.linac_id); END;
