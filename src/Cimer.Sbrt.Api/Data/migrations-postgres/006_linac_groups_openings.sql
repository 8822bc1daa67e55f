-- SQLite's 013 (the clinic's real week, issue 13): a linac's beam-matched group and its version (its
-- ETag for PATCH), and openings: extra sessions of one linac on one local date. Openings are part of
-- what the solver reads as the center's calendar, so every write to them raises the center's
-- calendar_version (a linac's beam group is a column of linacs: 001's linacs trigger raises it).
ALTER TABLE linacs ADD COLUMN beam_group sbrt_text NULL CHECK (beam_group IS NULL OR length(beam_group) BETWEEN 1 AND 64);
ALTER TABLE linacs ADD COLUMN version bigint NOT NULL DEFAULT 1 CHECK (version >= 1);

CREATE TABLE openings (
    id          sbrt_text PRIMARY KEY,
    linac_id    sbrt_text NOT NULL REFERENCES linacs (id),
    date        sbrt_text NOT NULL,
    opens_at    sbrt_text NOT NULL,
    closes_at   sbrt_text NOT NULL,
    reason      sbrt_text NOT NULL,
    created_utc utc_text NOT NULL,
    CHECK (closes_at > opens_at)
);

CREATE INDEX ix_openings_linac_date ON openings (linac_id, date);

CREATE TRIGGER openings_raise_calendar_version AFTER INSERT OR UPDATE OR DELETE ON openings
    FOR EACH ROW EXECUTE FUNCTION raise_calendar_version_by_linac();
