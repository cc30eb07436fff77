-- Rolling a webhook endpoint's signing secret: the replaced secret (AES-256-GCM sealed, as the current one)
-- keeps signing deliveries next to the new one until its expiry.
ALTER TABLE "webhook_endpoints" ADD COLUMN "previous_secret_encrypted" TEXT,
ADD COLUMN "previous_secret_expires_at" TIMESTAMPTZ(3);
