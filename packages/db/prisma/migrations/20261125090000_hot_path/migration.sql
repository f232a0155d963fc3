-- Rate-limit counters are not worth a disk flush: an unlogged table's commit does not wait for the WAL (and a
-- crash forgets the counters, which a limiter can afford), so hot counters never serialise the requests they count.
ALTER TABLE "rate_limits" SET UNLOGGED;

-- An audit append in one statement, so the chain's lock is held for the statement and the commit only, never
-- while the application works between round trips. The hash is the one computeAuditHash() defines:
-- sha256(prev_hash || canonical JSON of the event); the application sends that JSON split around the value of
-- "seq" (which only this function knows), and the function joins it with the seq in between.
CREATE FUNCTION "audit_append"(
    lock_key BIGINT, content_before_seq TEXT, content_after_seq TEXT,
    p_occurred_at TIMESTAMPTZ, p_actor_id TEXT, p_actor_kind TEXT, p_action TEXT,
    p_subject_type TEXT, p_subject_id TEXT, p_data JSONB,
    OUT "seq" BIGINT, OUT "hash" TEXT)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    prev TEXT;
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    -- A fresh snapshot for this statement (READ COMMITTED), taken after the lock: the head is current.
    SELECT h."hash" INTO prev FROM "audit_head" h WHERE h."id" = 1;
    prev := coalesce(prev, repeat('0', 64));
    seq := nextval(pg_get_serial_sequence('audit_events', 'seq'));
    hash := encode(sha256(convert_to(
        prev || content_before_seq || '"' || seq::text || '"' || content_after_seq, 'UTF8')), 'hex');
    INSERT INTO "audit_events"
        ("seq", "occurred_at", "actor_id", "actor_kind", "action", "subject_type", "subject_id", "data",
         "prev_hash", "hash")
    VALUES (seq, p_occurred_at, p_actor_id, p_actor_kind, p_action, p_subject_type, p_subject_id, p_data,
            prev, hash);
END;
$$;
