-- Rate limits counted in PostgreSQL, shared by every instance (issue 19): one token bucket per key. A take is
-- one INSERT … ON CONFLICT DO UPDATE on the bucket's row, so concurrent takes on any instance queue on that
-- row and each sees the tokens the one before it left. No index besides the key: every take rewrites
-- tokens and updated_at, and an index on either would cost every take an index write.
--
-- UNLOGGED: a take's commit does not wait for the write-ahead log to reach the disk (one take with fsync on
-- took 2 to 4 ms, unlogged 0.5 to 1.2 ms, on the same busy machine), and a hot key's row is locked until that
-- commit. The price: after a crash of PostgreSQL (not a clean restart) the table starts empty, every bucket
-- full again, and a standby has no copy. A rate limit can afford that, and nothing else may live here.
CREATE UNLOGGED TABLE "rate_limits" (
    "key" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL,
    "per_second" DECIMAL(30,12) NOT NULL,
    "tokens" DECIMAL(30,12) NOT NULL,
    "granted" BOOLEAN NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key"),
    CONSTRAINT "rate_limits_capacity_check" CHECK ("capacity" >= 1),
    CONSTRAINT "rate_limits_per_second_check" CHECK ("per_second" > 0),
    CONSTRAINT "rate_limits_tokens_check" CHECK ("tokens" >= 0 AND "tokens" <= "capacity")
);
