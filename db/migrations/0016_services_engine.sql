CREATE TYPE "public"."billing_cycle" AS ENUM('monthly', 'quarterly', 'yearly');--> statement-breakpoint
CREATE TYPE "public"."event_delivery_state" AS ENUM('pending', 'delivered', 'failed', 'not_needed');--> statement-breakpoint
CREATE TYPE "public"."product_family" AS ENUM('dns', 'dedicated_server');--> statement-breakpoint
CREATE TYPE "public"."product_visibility" AS ENUM('active', 'hidden', 'retired');--> statement-breakpoint
CREATE TYPE "public"."service_charge_kind" AS ENUM('purchase', 'setup_fee', 'renewal', 'upgrade');--> statement-breakpoint
CREATE TYPE "public"."service_event_type" AS ENUM('activated', 'plan_changed', 'suspended', 'unsuspended', 'cancelled', 'terminated');--> statement-breakpoint
CREATE TYPE "public"."service_status" AS ENUM('pending', 'active', 'past_due', 'suspended', 'cancelled', 'terminated');--> statement-breakpoint
ALTER TYPE "public"."credit_entry_type" ADD VALUE 'service_purchase';--> statement-breakpoint
ALTER TYPE "public"."credit_entry_type" ADD VALUE 'service_setup_fee';--> statement-breakpoint
ALTER TYPE "public"."credit_entry_type" ADD VALUE 'service_renewal';--> statement-breakpoint
ALTER TYPE "public"."credit_entry_type" ADD VALUE 'service_upgrade';--> statement-breakpoint
ALTER TYPE "public"."credit_entry_type" ADD VALUE 'service_refund';--> statement-breakpoint
CREATE TABLE "product_prices" (
	"product_id" integer NOT NULL,
	"cycle" "billing_cycle" NOT NULL,
	"price_cents" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_prices_product_id_cycle_pk" PRIMARY KEY("product_id","cycle"),
	CONSTRAINT "product_prices_positive" CHECK ("product_prices"."price_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "products_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"family" "product_family" NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"features" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"limits" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"setup_fee_cents" bigint DEFAULT 0 NOT NULL,
	"visibility" "product_visibility" DEFAULT 'active' NOT NULL,
	"display_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_id_family_key" UNIQUE("id","family"),
	CONSTRAINT "products_setup_fee_not_negative" CHECK ("products"."setup_fee_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "service_charges" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_charges_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"service_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"cycle" "billing_cycle" NOT NULL,
	"kind" "service_charge_kind" NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"amount_cents" bigint NOT NULL,
	"refunded_cents" bigint DEFAULT 0 NOT NULL,
	"credit_entry_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_charges_amount_positive" CHECK ("service_charges"."amount_cents" > 0),
	CONSTRAINT "service_charges_refund_within_charge" CHECK ("service_charges"."refunded_cents" >= 0 and "service_charges"."refunded_cents" <= "service_charges"."amount_cents")
);
--> statement-breakpoint
CREATE TABLE "service_event_deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_event_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"service_event_id" bigint NOT NULL,
	"attempt" integer NOT NULL,
	"url" text NOT NULL,
	"response_status" integer,
	"response_body" text,
	"error" text,
	"duration_ms" integer NOT NULL,
	"requested_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"service_id" integer NOT NULL,
	"family" "product_family" NOT NULL,
	"type" "service_event_type" NOT NULL,
	"payload" jsonb NOT NULL,
	"delivery_state" "event_delivery_state" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_refunds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_refunds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"charge_id" integer NOT NULL,
	"amount_cents" bigint NOT NULL,
	"credit_entry_id" bigint NOT NULL,
	"admin_user_id" integer NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_refunds_amount_positive" CHECK ("service_refunds"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "services_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"family" "product_family" NOT NULL,
	"cycle" "billing_cycle" NOT NULL,
	"status" "service_status" NOT NULL,
	"current_period_start" timestamp with time zone NOT NULL,
	"current_period_end" timestamp with time zone NOT NULL,
	"anchor_day" integer NOT NULL,
	"price_paid_cents" bigint NOT NULL,
	"recurring_price_cents" bigint NOT NULL,
	"next_recurring_price_cents" bigint,
	"auto_renew" boolean DEFAULT true NOT NULL,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"scheduled_product_id" integer,
	"scheduled_cycle" "billing_cycle",
	"hostname" text,
	"ip_address" text,
	"provisioning_notes" text,
	"provisioned_at" timestamp with time zone,
	"provisioned_by" integer,
	"last_payment_at" timestamp with time zone,
	"next_payment_at" timestamp with time zone,
	"suspended_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "services_period" CHECK ("services"."current_period_end" > "services"."current_period_start"),
	CONSTRAINT "services_anchor" CHECK ("services"."anchor_day" between 1 and 31),
	CONSTRAINT "services_prices_not_negative" CHECK ("services"."price_paid_cents" >= 0 and "services"."recurring_price_cents" > 0 and coalesce("services"."next_recurring_price_cents", 1) > 0),
	CONSTRAINT "services_ended_has_time" CHECK (("services"."status" in ('cancelled', 'terminated')) = ("services"."ended_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "credit_transactions" DROP CONSTRAINT "credit_transactions_sign_matches_type";--> statement-breakpoint
ALTER TABLE "credit_transactions" DROP CONSTRAINT "credit_transactions_admin_entries_audited";--> statement-breakpoint
ALTER TABLE "product_prices" ADD CONSTRAINT "product_prices_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_charges" ADD CONSTRAINT "service_charges_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_charges" ADD CONSTRAINT "service_charges_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_charges" ADD CONSTRAINT "service_charges_credit_entry_id_credit_transactions_id_fk" FOREIGN KEY ("credit_entry_id") REFERENCES "public"."credit_transactions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_event_deliveries" ADD CONSTRAINT "service_event_deliveries_service_event_id_service_events_id_fk" FOREIGN KEY ("service_event_id") REFERENCES "public"."service_events"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_event_deliveries" ADD CONSTRAINT "service_event_deliveries_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_events" ADD CONSTRAINT "service_events_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_refunds" ADD CONSTRAINT "service_refunds_charge_id_service_charges_id_fk" FOREIGN KEY ("charge_id") REFERENCES "public"."service_charges"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_refunds" ADD CONSTRAINT "service_refunds_credit_entry_id_credit_transactions_id_fk" FOREIGN KEY ("credit_entry_id") REFERENCES "public"."credit_transactions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_refunds" ADD CONSTRAINT "service_refunds_admin_user_id_users_id_fk" FOREIGN KEY ("admin_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_scheduled_product_id_products_id_fk" FOREIGN KEY ("scheduled_product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_provisioned_by_users_id_fk" FOREIGN KEY ("provisioned_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_product_family_fk" FOREIGN KEY ("product_id","family") REFERENCES "public"."products"("id","family") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "products_family_slug_key" ON "products" USING btree ("family","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "products_family_name_key" ON "products" USING btree ("family","name");--> statement-breakpoint
CREATE UNIQUE INDEX "service_charges_period_once" ON "service_charges" USING btree ("service_id","period_start") WHERE "service_charges"."kind" in ('purchase', 'renewal');--> statement-breakpoint
CREATE UNIQUE INDEX "service_charges_setup_fee_once" ON "service_charges" USING btree ("service_id") WHERE "service_charges"."kind" = 'setup_fee';--> statement-breakpoint
CREATE UNIQUE INDEX "service_charges_upgrade_once" ON "service_charges" USING btree ("service_id","period_start","product_id","cycle") WHERE "service_charges"."kind" = 'upgrade';--> statement-breakpoint
CREATE UNIQUE INDEX "service_charges_entry_key" ON "service_charges" USING btree ("credit_entry_id");--> statement-breakpoint
CREATE INDEX "service_event_deliveries_event_idx" ON "service_event_deliveries" USING btree ("service_event_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_events_event_id_key" ON "service_events" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "service_events_service_idx" ON "service_events" USING btree ("service_id","id");--> statement-breakpoint
CREATE INDEX "service_events_due_idx" ON "service_events" USING btree ("next_attempt_at") WHERE "service_events"."delivery_state" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "service_refunds_entry_key" ON "service_refunds" USING btree ("credit_entry_id");--> statement-breakpoint
CREATE INDEX "service_refunds_charge_idx" ON "service_refunds" USING btree ("charge_id");--> statement-breakpoint
CREATE UNIQUE INDEX "services_one_live_dns" ON "services" USING btree ("user_id") WHERE "services"."family" = 'dns' and "services"."status" in ('pending', 'active', 'past_due', 'suspended');--> statement-breakpoint
CREATE INDEX "services_due_idx" ON "services" USING btree ("current_period_end") WHERE "services"."status" in ('active', 'past_due', 'suspended');--> statement-breakpoint
CREATE INDEX "services_user_idx" ON "services" USING btree ("user_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "services_family_status_idx" ON "services" USING btree ("family","status");--> statement-breakpoint
ALTER TABLE "credit_transactions" ADD CONSTRAINT "credit_transactions_sign_matches_type" CHECK (("credit_transactions"."type"::text in ('purchase', 'admin_add', 'service_refund')) = ("credit_transactions"."amount_cents" > 0));--> statement-breakpoint
ALTER TABLE "credit_transactions" ADD CONSTRAINT "credit_transactions_admin_entries_audited" CHECK ("credit_transactions"."type"::text not in ('admin_add', 'admin_remove', 'service_refund') or ("credit_transactions"."admin_user_id" is not null and "credit_transactions"."reason" is not null));