CREATE TYPE "public"."document_kind" AS ENUM('receipt', 'invoice', 'credit_note');--> statement-breakpoint
CREATE TABLE "document_counters" (
	"kind" "document_kind" NOT NULL,
	"year" smallint NOT NULL,
	"last_seq" integer NOT NULL,
	CONSTRAINT "document_counters_kind_year_pk" PRIMARY KEY("kind","year")
);
--> statement-breakpoint
CREATE TABLE "document_logos" (
	"sha256" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "documents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" "document_kind" NOT NULL,
	"year" smallint NOT NULL,
	"seq" integer NOT NULL,
	"number" text NOT NULL,
	"user_id" integer NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"topup_id" integer,
	"service_charge_id" integer,
	"service_refund_id" integer,
	"credit_entry_id" bigint,
	"paypal_capture_id" text,
	"total_cents" bigint NOT NULL,
	"snapshot" jsonb NOT NULL,
	CONSTRAINT "documents_kind_year_seq_key" UNIQUE("kind","year","seq"),
	CONSTRAINT "documents_seq_positive" CHECK ("documents"."seq" > 0),
	CONSTRAINT "documents_source_matches_kind" CHECK (case "documents"."kind"
        when 'receipt' then "documents"."topup_id" is not null and "documents"."service_charge_id" is null and "documents"."service_refund_id" is null
        when 'invoice' then "documents"."service_charge_id" is not null and "documents"."topup_id" is null and "documents"."service_refund_id" is null
        else "documents"."service_refund_id" is not null and "documents"."topup_id" is null and "documents"."service_charge_id" is null end)
);
--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_topup_id_topups_id_fk" FOREIGN KEY ("topup_id") REFERENCES "public"."topups"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_service_charge_id_service_charges_id_fk" FOREIGN KEY ("service_charge_id") REFERENCES "public"."service_charges"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_service_refund_id_service_refunds_id_fk" FOREIGN KEY ("service_refund_id") REFERENCES "public"."service_refunds"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_credit_entry_id_credit_transactions_id_fk" FOREIGN KEY ("credit_entry_id") REFERENCES "public"."credit_transactions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "documents_number_key" ON "documents" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_topup_key" ON "documents" USING btree ("topup_id");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_service_charge_key" ON "documents" USING btree ("service_charge_id");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_service_refund_key" ON "documents" USING btree ("service_refund_id");--> statement-breakpoint
CREATE INDEX "documents_user_idx" ON "documents" USING btree ("user_id","id" DESC NULLS LAST);