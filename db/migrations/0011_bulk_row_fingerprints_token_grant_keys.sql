CREATE TABLE "bulk_credit_batches" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bulk_credit_batches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"admin_user_id" integer NOT NULL,
	"file_hash" text NOT NULL,
	"row_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "token_transactions" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "token_transactions" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bulk_credit_batches" ADD CONSTRAINT "bulk_credit_batches_admin_user_id_users_id_fk" FOREIGN KEY ("admin_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "token_transactions_idempotency_key" ON "token_transactions" USING btree ("user_id","idempotency_key");--> statement-breakpoint
-- Admin grants still pending were sent by a request that never recorded the outcome: they may have reached VirtFusion, so they count as claimed (the sweep sends them to review, never again).
UPDATE "token_transactions" SET "claimed_at" = "created_at" WHERE "type" = 'admin_add' AND "status" = 'pending';
