-- Schema v7: feed tokens for calendar clients, which cannot send an Authorization header.
-- Each row grants one feed (a linac's or a patient's calendar.ics) to whoever holds its token;
-- only the token's SHA-256 is kept, so a copy of the database grants nothing. A revoked row stays
-- for the record. target_id has no foreign key because it names a linac or a patient by kind.

CREATE TABLE feed_tokens (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('linac', 'patient')),
    target_id   TEXT NOT NULL,
    token_hash  TEXT NOT NULL,      -- lower-case hex SHA-256 of the token's UTF-8 text
    created_utc TEXT NOT NULL,
    created_by  TEXT NOT NULL,      -- the admin token's subject
    revoked_utc TEXT NULL
) STRICT;

CREATE INDEX ix_feed_tokens_target ON feed_tokens (kind, target_id);
