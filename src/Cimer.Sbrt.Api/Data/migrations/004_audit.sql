-- Schema v4: the audit trail (21 CFR Part 11 11.10(e)) and Idempotency-Key answers.
-- Instants here are UTC with exactly three decimals ("2026-12-07T14:00:00.000Z") so that text
-- order is time order.

-- Every change, append-only: who (the token's subject and roles, or "system:reconciliation"),
-- when, what (action, entity, id), the entity's JSON before and after, and why. Written in the
-- transaction of the change itself, so there is no change without its row and no row without
-- its change. No foreign keys: a row outlives whatever it describes.
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: the order rows were written
    at_utc      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    actor_roles TEXT NOT NULL,  -- JSON [ "admin", ... ]
    action      TEXT NOT NULL,  -- "plan.replanned", "center.created", ...
    entity      TEXT NOT NULL,  -- "plan", "center", ...
    entity_id   TEXT NOT NULL,
    old_json    TEXT NULL,      -- null for a creation
    new_json    TEXT NULL,
    reason      TEXT NULL
) STRICT;

CREATE INDEX ix_audit_entity ON audit (entity, entity_id, id);
CREATE INDEX ix_audit_at ON audit (at_utc, id);
CREATE INDEX ix_audit_actor ON audit (actor, at_utc, id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only: they cannot be updated');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only: they cannot be deleted');
END;

-- The first answer to a POST with an Idempotency-Key, per caller (the token's subject) and key,
-- replayed for 24 hours to the same request and refused (422) to another. Written in the
-- transaction of the change the request made.
CREATE TABLE idempotency (
    subject      TEXT NOT NULL,
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,     -- hex SHA-256 of method, path with query, and body
    status       INTEGER NOT NULL,
    location     TEXT NULL,
    etag         TEXT NULL,
    content_type TEXT NULL,
    body         BLOB NOT NULL,
    created_utc  TEXT NOT NULL,
    expires_utc  TEXT NOT NULL,
    PRIMARY KEY (subject, key)
) STRICT;

CREATE INDEX ix_idempotency_expires ON idempotency (expires_utc);
