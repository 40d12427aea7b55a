CREATE TYPE "public"."mail_category" AS ENUM('billing_reminders', 'low_balance', 'product_news');--> statement-breakpoint
CREATE TABLE "low_balance_thresholds" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"threshold_cents" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "low_balance_threshold_not_negative" CHECK ("low_balance_thresholds"."threshold_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "mail_opt_outs" (
	"user_id" integer NOT NULL,
	"category" "mail_category" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mail_opt_outs_user_id_category_pk" PRIMARY KEY("user_id","category")
);
--> statement-breakpoint
ALTER TABLE "low_balance_thresholds" ADD CONSTRAINT "low_balance_thresholds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_opt_outs" ADD CONSTRAINT "mail_opt_outs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;