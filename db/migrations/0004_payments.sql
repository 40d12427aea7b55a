CREATE TYPE "public"."token_entry_status" AS ENUM('pending', 'delivered', 'review', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."token_entry_type" AS ENUM('purchase', 'admin_add', 'admin_cancel', 'refund', 'chargeback');--> statement-breakpoint
CREATE TYPE "public"."topup_purpose" AS ENUM('custom_credits', 'virtfusion_tokens');--> statement-breakpoint
CREATE TYPE "public"."topup_status" AS ENUM('created', 'capturing', 'pending', 'captured', 'delivering', 'completed', 'review', 'flagged', 'failed', 'refunded', 'reversed');--> statement-breakpoint
CREATE TABLE "paypal_webhook_events" (
	"id" text PRIMARY KEY NOT NULL,
	"event_type" text NOT NULL,
	"resource_id" text,
	"payload" jsonb NOT NULL,
	"outcome" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "token_transactions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "token_transactions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"type" "token_entry_type" NOT NULL,
	"tokens" bigint NOT NULL,
	"status" "token_entry_status" DEFAULT 'pending' NOT NULL,
	"topup_id" integer,
	"virtfusion_credit_id" bigint,
	"admin_user_id" integer,
	"reason" text,
	"description" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "token_transactions_tokens_nonzero" CHECK ("token_transactions"."tokens" <> 0)
);
--> statement-breakpoint
CREATE TABLE "topups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "topups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"purpose" "topup_purpose" NOT NULL,
	"amount_cents" bigint NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"tokens" bigint,
	"paypal_order_id" text,
	"paypal_capture_id" text,
	"status" "topup_status" DEFAULT 'created' NOT NULL,
	"failure_reason" text,
	"credit_entry_id" bigint,
	"virtfusion_credit_id" bigint,
	"capture_attempt" integer DEFAULT 0 NOT NULL,
	"delivery_attempts" integer DEFAULT 0 NOT NULL,
	"next_delivery_at" timestamp with time zone,
	"last_delivery_error" text,
	"claimed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"captured_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "topups_amount_positive" CHECK ("topups"."amount_cents" > 0),
	CONSTRAINT "topups_tokens_match_purpose" CHECK (("topups"."purpose" = 'virtfusion_tokens') = ("topups"."tokens" is not null and "topups"."tokens" > 0))
);
--> statement-breakpoint
CREATE TABLE "virtfusion_balances" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"tokens" bigint NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_hits" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rate_limit_hits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "virtfusion_link_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "virtfusion_next_link_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "virtfusion_link_error" text;--> statement-breakpoint
ALTER TABLE "token_transactions" ADD CONSTRAINT "token_transactions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "token_transactions" ADD CONSTRAINT "token_transactions_topup_id_topups_id_fk" FOREIGN KEY ("topup_id") REFERENCES "public"."topups"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "token_transactions" ADD CONSTRAINT "token_transactions_admin_user_id_users_id_fk" FOREIGN KEY ("admin_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topups" ADD CONSTRAINT "topups_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topups" ADD CONSTRAINT "topups_credit_entry_id_credit_transactions_id_fk" FOREIGN KEY ("credit_entry_id") REFERENCES "public"."credit_transactions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "virtfusion_balances" ADD CONSTRAINT "virtfusion_balances_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "token_transactions_purchase_once" ON "token_transactions" USING btree ("topup_id") WHERE "token_transactions"."type" = 'purchase';--> statement-breakpoint
CREATE UNIQUE INDEX "token_transactions_cancel_once" ON "token_transactions" USING btree ("virtfusion_credit_id") WHERE "token_transactions"."tokens" < 0;--> statement-breakpoint
CREATE INDEX "token_transactions_user_idx" ON "token_transactions" USING btree ("user_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "topups_paypal_order_id_key" ON "topups" USING btree ("paypal_order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "topups_paypal_capture_id_key" ON "topups" USING btree ("paypal_capture_id");--> statement-breakpoint
CREATE INDEX "topups_user_idx" ON "topups" USING btree ("user_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "topups_status_idx" ON "topups" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "rate_limit_hits_key_idx" ON "rate_limit_hits" USING btree ("key","created_at");