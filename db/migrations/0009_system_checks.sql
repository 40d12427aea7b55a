CREATE TYPE "public"."system_check_kind" AS ENUM('ledger', 'virtfusion');--> statement-breakpoint
CREATE TABLE "system_checks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "system_checks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" "system_check_kind" NOT NULL,
	"outcome" text NOT NULL,
	"summary" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "system_checks_kind_idx" ON "system_checks" USING btree ("kind","id" DESC NULLS LAST);