-- Rate-limit counters are not worth a disk flush: an unlogged table's commit does not wait for the WAL (and a
-- crash forgets the counters, which a limiter can afford), so hot counters never serialise the requests they count.
ALTER TABLE "rate_limits" SET UNLOGGED;

-- One round trip to start an audit append: take the append lock, then read the head with a snapshot taken after
-- the lock (a plpgsql statement gets a fresh snapshot under READ COMMITTED; a single SQL statement would not).
CREATE FUNCTION "audit_lock_head"(lock_key BIGINT, OUT "seq" BIGINT, OUT "prev_hash" TEXT)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    SELECT h."hash" INTO prev_hash FROM "audit_head" h WHERE h."id" = 1;
    prev_hash := coalesce(prev_hash, repeat('0', 64));
    seq := nextval(pg_get_serial_sequence('audit_events', 'seq'));
END;
$$;
