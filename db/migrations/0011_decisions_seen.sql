-- 0011: a member is told about decisions on their requests (a toast and a
-- badge on My requests) the next time they are active; decision_seen keeps,
-- per request and so per user, that they were told, across restarts.
ALTER TABLE requests ADD COLUMN decision_seen INTEGER NOT NULL DEFAULT 0;
-- Decisions made before this version are old news.
UPDATE requests SET decision_seen = 1 WHERE status IN ('approved', 'denied');
