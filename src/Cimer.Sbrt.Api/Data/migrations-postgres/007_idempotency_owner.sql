-- The instance that claimed a key in flight (issue 14): the key of its liveness lock (Data/InstanceLiveness.cs),
-- a session advisory lock (Namespace, owner) it holds on its own connection for as long as it lives. A
-- 'running' claim whose owner's lock is gone (the instance was killed, its connection closed) is taken over
-- at once instead of after its lease. NULL (claims written before this column, or before the lock was
-- taken): the lease alone says when the claim lapses.
ALTER TABLE idempotency ADD COLUMN owner bigint NULL CHECK (owner IS NULL OR owner BETWEEN 0 AND 2147483647);
