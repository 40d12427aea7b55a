CREATE TABLE "app_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"company_name" text,
	"company_address" text,
	"tax_id" text,
	"support_email" text,
	"logo" "bytea",
	"logo_content_type" text,
	"logo_sha256" text,
	"credits_display_name" text,
	"credits_symbol" text,
	"low_balance_default_cents" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer,
	CONSTRAINT "app_settings_single_row" CHECK ("app_settings"."id" = 1),
	CONSTRAINT "app_settings_logo_complete" CHECK (("app_settings"."logo" is null) = ("app_settings"."logo_content_type" is null) and ("app_settings"."logo" is null) = ("app_settings"."logo_sha256" is null)),
	CONSTRAINT "app_settings_logo_type" CHECK ("app_settings"."logo_content_type" is null or "app_settings"."logo_content_type" in ('image/png', 'image/jpeg')),
	CONSTRAINT "app_settings_logo_size" CHECK ("app_settings"."logo" is null or octet_length("app_settings"."logo") <= 204800),
	CONSTRAINT "app_settings_low_balance_nonnegative" CHECK ("app_settings"."low_balance_default_cents" is null or "app_settings"."low_balance_default_cents" >= 0)
);
--> statement-breakpoint
ALTER TABLE "app_settings" ADD CONSTRAINT "app_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;