-- A nullable column without a default: a catalog-only change. The lock_timeout makes it give up (and the
-- deploy retry) instead of queueing every query on users behind a long-running transaction.
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN last_login_at timestamptz;
