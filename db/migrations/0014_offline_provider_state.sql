CREATE TABLE "offline_provider_state" (
	"kind" text NOT NULL,
	"id" text NOT NULL,
	"state" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offline_provider_state_kind_id_pk" PRIMARY KEY("kind","id")
);
--> statement-breakpoint
CREATE INDEX "offline_provider_state_state_idx" ON "offline_provider_state" USING gin ("state" jsonb_path_ops);