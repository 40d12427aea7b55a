CREATE TYPE "public"."credit_entry_type" AS ENUM('purchase', 'admin_add', 'admin_remove', 'dns_plan_purchase', 'dns_plan_renewal', 'dns_plan_upgrade', 'refund', 'chargeback');--> statement-breakpoint
CREATE TABLE "credit_transactions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "credit_transactions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"type" "credit_entry_type" NOT NULL,
	"amount_cents" bigint NOT NULL,
	"balance_before_cents" bigint NOT NULL,
	"balance_after_cents" bigint NOT NULL,
	"status" text DEFAULT 'completed' NOT NULL,
	"description" text NOT NULL,
	"payment_method" text,
	"payment_reference" text,
	"idempotency_key" text,
	"admin_user_id" integer,
	"reason" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_transactions_chain" CHECK ("credit_transactions"."balance_after_cents" = "credit_transactions"."balance_before_cents" + "credit_transactions"."amount_cents"),
	CONSTRAINT "credit_transactions_amount_nonzero" CHECK ("credit_transactions"."amount_cents" <> 0),
	CONSTRAINT "credit_transactions_sign_matches_type" CHECK (("credit_transactions"."type" in ('purchase', 'admin_add')) = ("credit_transactions"."amount_cents" > 0)),
	CONSTRAINT "credit_transactions_admin_entries_audited" CHECK ("credit_transactions"."type" not in ('admin_add', 'admin_remove') or ("credit_transactions"."admin_user_id" is not null and "credit_transactions"."reason" is not null)),
	CONSTRAINT "credit_transactions_status" CHECK ("credit_transactions"."status" = 'completed')
);
--> statement-breakpoint
CREATE TABLE "user_credits" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"balance_cents" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_transactions" ADD CONSTRAINT "credit_transactions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_transactions" ADD CONSTRAINT "credit_transactions_admin_user_id_users_id_fk" FOREIGN KEY ("admin_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_credits" ADD CONSTRAINT "user_credits_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_transactions_payment_reference_key" ON "credit_transactions" USING btree ("payment_reference");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_transactions_idempotency_key" ON "credit_transactions" USING btree ("user_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "credit_transactions_user_history_idx" ON "credit_transactions" USING btree ("user_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "credit_transactions_user_type_idx" ON "credit_transactions" USING btree ("user_id","type","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "credit_transactions_description_trgm_idx" ON "credit_transactions" USING gin ("description" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "credit_transactions_reason_trgm_idx" ON "credit_transactions" USING gin ("reason" gin_trgm_ops);