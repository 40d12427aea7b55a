CREATE TYPE "public"."topup_refund_kind" AS ENUM('refund', 'chargeback');--> statement-breakpoint
ALTER TYPE "public"."system_check_kind" ADD VALUE 'paypal_refunds';--> statement-breakpoint
CREATE TABLE "topup_refunds" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "topup_refunds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"topup_id" integer NOT NULL,
	"kind" "topup_refund_kind" NOT NULL,
	"paypal_refund_id" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"credit_entry_id" bigint,
	"reported_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "topup_refunds_amount_positive" CHECK ("topup_refunds"."amount_cents" > 0)
);
--> statement-breakpoint
ALTER TABLE "paypal_webhook_events" ADD COLUMN "claim_id" uuid;--> statement-breakpoint
ALTER TABLE "paypal_webhook_events" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "topup_refunds" ADD CONSTRAINT "topup_refunds_topup_id_topups_id_fk" FOREIGN KEY ("topup_id") REFERENCES "public"."topups"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topup_refunds" ADD CONSTRAINT "topup_refunds_credit_entry_id_credit_transactions_id_fk" FOREIGN KEY ("credit_entry_id") REFERENCES "public"."credit_transactions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "topup_refunds_paypal_refund_id_key" ON "topup_refunds" USING btree ("paypal_refund_id");--> statement-breakpoint
CREATE INDEX "topup_refunds_topup_idx" ON "topup_refunds" USING btree ("topup_id");--> statement-breakpoint
-- Refunds compensated before topup_refunds existed. Credit top-ups: one row per compensating
-- ledger entry, whose payment reference is "<kind>:<PayPal refund id>".
INSERT INTO "topup_refunds" ("topup_id", "kind", "paypal_refund_id", "amount_cents", "credit_entry_id", "reported_by", "created_at")
SELECT t."id", ct."type"::text::"topup_refund_kind",
       substr(ct."payment_reference", strpos(ct."payment_reference", ':') + 1),
       -ct."amount_cents", ct."id", 'backfill', ct."created_at"
FROM "credit_transactions" ct
JOIN "topups" t ON t."id" = CASE WHEN jsonb_typeof(ct."metadata"->'topupId') = 'number' THEN (ct."metadata"->>'topupId')::int END
WHERE ct."type" IN ('refund', 'chargeback') AND ct."payment_method" = 'paypal' AND strpos(ct."payment_reference", ':') > 0
ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Whatever else refunded_cents counted (token top-ups kept no refund ids): one row per top-up,
-- so the sum of a top-up's rows equals its refunded_cents from now on.
INSERT INTO "topup_refunds" ("topup_id", "kind", "paypal_refund_id", "amount_cents", "reported_by", "created_at")
SELECT t."id", (CASE WHEN t."status" = 'reversed' THEN 'chargeback' ELSE 'refund' END)::"topup_refund_kind",
       'backfill:topup-' || t."id", t."refunded_cents" - coalesce(r."total", 0), 'backfill', t."updated_at"
FROM "topups" t
LEFT JOIN (SELECT "topup_id", sum("amount_cents") AS "total" FROM "topup_refunds" GROUP BY "topup_id") r ON r."topup_id" = t."id"
WHERE t."refunded_cents" > coalesce(r."total", 0);
