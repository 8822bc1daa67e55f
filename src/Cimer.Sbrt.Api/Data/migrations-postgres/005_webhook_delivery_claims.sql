-- Webhook deliveries claimed by the instance sending them (issue 14): the delivery pass takes its due
-- rows with FOR UPDATE SKIP LOCKED and marks them claimed until a time past its batch's last timeout
-- (unix milliseconds of the service's clock, as next_attempt_ms), so two instances never send the same
-- attempt, and a pass that died mid-batch leaves rows another pass takes again once the claim lapses.
-- Per-plan order still holds: a claimed row is still 'pending', so the events after it wait for it.
ALTER TABLE webhook_deliveries ADD COLUMN claimed_until_ms bigint NULL;
