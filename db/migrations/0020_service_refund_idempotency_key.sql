-- Refunds written before this column (none are expected) get a key of their own.
ALTER TABLE "service_refunds" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
UPDATE "service_refunds" SET "idempotency_key" = 'service-refund-' || "id" WHERE "idempotency_key" IS NULL;--> statement-breakpoint
ALTER TABLE "service_refunds" ALTER COLUMN "idempotency_key" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "service_refunds_idempotency_key" ON "service_refunds" USING btree ("admin_user_id","idempotency_key");
