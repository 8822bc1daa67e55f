-- Schema v8: the audit trail is tamper-evident, not only append-only.
-- Each row carries its place in the chain (seq: 1, 2, 3, ... without gaps), the hash of the row
-- before it (prev_hash; 64 zeros for seq 1) and its own hash: lower-case hex SHA-256 over its
-- content and prev_hash, serialised as Audit/AuditChain.cs documents. Editing, replacing or
-- deleting a row behind the service's back then breaks the chain at that row, and
-- GET /api/v1/audit/verify names it. Rows already in the table are sealed by C# right after this
-- script, in its transaction (Data/Migrations.cs), oldest first.
ALTER TABLE audit ADD COLUMN seq INTEGER NULL;
ALTER TABLE audit ADD COLUMN prev_hash TEXT NULL;
ALTER TABLE audit ADD COLUMN hash TEXT NULL;

-- The last guards against two rows chained onto the same predecessor (two writers racing).
CREATE UNIQUE INDEX ux_audit_seq ON audit (seq);
CREATE UNIQUE INDEX ux_audit_prev_hash ON audit (prev_hash);

-- A sealed row never changes. An unsealed row (one written before v8) may be sealed once, with its
-- content left as it was: that is the only UPDATE the table takes.
DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN OLD.hash IS NOT NULL
    OR NEW.id IS NOT OLD.id OR NEW.at_utc IS NOT OLD.at_utc OR NEW.actor IS NOT OLD.actor
    OR NEW.actor_roles IS NOT OLD.actor_roles OR NEW.action IS NOT OLD.action OR NEW.entity IS NOT OLD.entity
    OR NEW.entity_id IS NOT OLD.entity_id OR NEW.old_json IS NOT OLD.old_json OR NEW.new_json IS NOT OLD.new_json
    OR NEW.reason IS NOT OLD.reason
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only: they cannot be updated');
END;

-- INSERT OR REPLACE deletes the row in its way without firing DELETE triggers (unless
-- recursive_triggers is on), and it overrides any ON CONFLICT clause of the table: so an insert
-- that would meet an existing id, seq or prev_hash is refused before it can replace anything.
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id OR seq = NEW.seq OR prev_hash = NEW.prev_hash)
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only: an insert cannot replace a row');
END;

-- Every new row is chained (STRICT tables cannot add NOT NULL columns without a default).
CREATE TRIGGER audit_chained BEFORE INSERT ON audit
WHEN NEW.seq IS NULL OR NEW.prev_hash IS NULL OR NEW.hash IS NULL
BEGIN
    SELECT RAISE(ABORT, 'audit rows are chained: seq, prev_hash and hash are required');
END;
