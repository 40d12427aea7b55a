CREATE TYPE "public"."billing_period" AS ENUM('monthly');--> statement-breakpoint
CREATE TYPE "public"."dns_charge_kind" AS ENUM('purchase', 'renewal', 'upgrade');--> statement-breakpoint
CREATE TYPE "public"."dns_subscription_status" AS ENUM('active', 'past_due', 'cancelled', 'expired');--> statement-breakpoint
CREATE TABLE "admin_audit_log" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "admin_audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"admin_user_id" integer NOT NULL,
	"target_user_id" integer,
	"action" text NOT NULL,
	"subject" text,
	"reason" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dns_plan_charges" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dns_plan_charges_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"subscription_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"kind" "dns_charge_kind" NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"amount_cents" bigint NOT NULL,
	"credit_entry_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dns_plan_charges_amount_positive" CHECK ("dns_plan_charges"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "dns_plan_subscriptions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dns_plan_subscriptions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"status" "dns_subscription_status" DEFAULT 'active' NOT NULL,
	"current_period_start" timestamp with time zone NOT NULL,
	"current_period_end" timestamp with time zone NOT NULL,
	"anchor_day" integer NOT NULL,
	"price_paid_cents" bigint NOT NULL,
	"auto_renew" boolean DEFAULT true NOT NULL,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"scheduled_plan_id" integer,
	"last_payment_at" timestamp with time zone,
	"next_payment_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dns_plan_subscriptions_period" CHECK ("dns_plan_subscriptions"."current_period_end" > "dns_plan_subscriptions"."current_period_start"),
	CONSTRAINT "dns_plan_subscriptions_anchor" CHECK ("dns_plan_subscriptions"."anchor_day" between 1 and 31)
);
--> statement-breakpoint
CREATE TABLE "dns_plans" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dns_plans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"price_cents" bigint NOT NULL,
	"billing_period" "billing_period" DEFAULT 'monthly' NOT NULL,
	"max_domains" integer NOT NULL,
	"max_records" integer NOT NULL,
	"features" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"display_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dns_plans_price_positive" CHECK ("dns_plans"."price_cents" > 0),
	CONSTRAINT "dns_plans_limits_positive" CHECK ("dns_plans"."max_domains" > 0 and "dns_plans"."max_records" > 0)
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"dedupe_key" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "admin_audit_log" ADD CONSTRAINT "admin_audit_log_admin_user_id_users_id_fk" FOREIGN KEY ("admin_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_audit_log" ADD CONSTRAINT "admin_audit_log_target_user_id_users_id_fk" FOREIGN KEY ("target_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dns_plan_charges" ADD CONSTRAINT "dns_plan_charges_subscription_id_dns_plan_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."dns_plan_subscriptions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dns_plan_charges" ADD CONSTRAINT "dns_plan_charges_plan_id_dns_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."dns_plans"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dns_plan_charges" ADD CONSTRAINT "dns_plan_charges_credit_entry_id_credit_transactions_id_fk" FOREIGN KEY ("credit_entry_id") REFERENCES "public"."credit_transactions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dns_plan_subscriptions" ADD CONSTRAINT "dns_plan_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dns_plan_subscriptions" ADD CONSTRAINT "dns_plan_subscriptions_plan_id_dns_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."dns_plans"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dns_plan_subscriptions" ADD CONSTRAINT "dns_plan_subscriptions_scheduled_plan_id_dns_plans_id_fk" FOREIGN KEY ("scheduled_plan_id") REFERENCES "public"."dns_plans"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_audit_log_target_idx" ON "admin_audit_log" USING btree ("target_user_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "dns_plan_charges_period_once" ON "dns_plan_charges" USING btree ("subscription_id","period_start") WHERE "dns_plan_charges"."kind" <> 'upgrade';--> statement-breakpoint
CREATE UNIQUE INDEX "dns_plan_charges_upgrade_once" ON "dns_plan_charges" USING btree ("subscription_id","period_start","plan_id") WHERE "dns_plan_charges"."kind" = 'upgrade';--> statement-breakpoint
CREATE UNIQUE INDEX "dns_plan_charges_entry_key" ON "dns_plan_charges" USING btree ("credit_entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dns_plan_subscriptions_one_live" ON "dns_plan_subscriptions" USING btree ("user_id") WHERE "dns_plan_subscriptions"."status" in ('active', 'past_due');--> statement-breakpoint
CREATE INDEX "dns_plan_subscriptions_due_idx" ON "dns_plan_subscriptions" USING btree ("current_period_end") WHERE "dns_plan_subscriptions"."status" in ('active', 'past_due');--> statement-breakpoint
CREATE UNIQUE INDEX "dns_plans_slug_key" ON "dns_plans" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "dns_plans_name_key" ON "dns_plans" USING btree ("name");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_key" ON "notifications" USING btree ("user_id","dedupe_key");