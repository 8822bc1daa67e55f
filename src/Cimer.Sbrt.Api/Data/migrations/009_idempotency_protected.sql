-- Schema v9: a kept answer that shows a secret once (POST /feeds, POST /webhooks) is stored
-- encrypted with ASP.NET Core Data Protection; protected says which bodies are.
ALTER TABLE idempotency ADD COLUMN protected INTEGER NOT NULL DEFAULT 0 CHECK (protected IN (0, 1));

-- Answers kept before v9 by those endpoints hold a feed token or a webhook secret in plaintext.
-- They are dropped rather than kept for the rest of their 24 hours: a retry with the same key
-- within that day issues a new feed URL or subscription instead of replaying the old one.
DELETE FROM idempotency
WHERE instr(body, CAST('?token=' AS BLOB)) > 0 OR instr(body, CAST('"secret":"whsec_' AS BLOB)) > 0;
