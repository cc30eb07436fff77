-- A withdraw's link secret is bound to its merchant as well as its id (version 2). Rows made before keep
-- version 1 (the id alone), so links already issued keep working until their withdraw ends, and every row made
-- from now on is version 2.
ALTER TABLE "withdraws" ADD COLUMN "link_version" SMALLINT NOT NULL DEFAULT 1;
ALTER TABLE "withdraws" ALTER COLUMN "link_version" SET DEFAULT 2;
ALTER TABLE "withdraws" ADD CONSTRAINT "withdraws_link_version_check" CHECK ("link_version" IN (1, 2));

-- A stored Idempotency-Key answer's link slots: where in the answer a withdraw object sits and which withdraw
-- it is, so that a replay re-reads exactly those withdraws for the caller's merchant. Answers stored before
-- have none, so their replays carry no links.
ALTER TABLE "idempotency_keys" ADD COLUMN "link_slots" JSONB;
