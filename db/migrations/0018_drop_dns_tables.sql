-- The DNS code now runs on the services engine (ADR 024). A database that kept running the old
-- code after 0017 may have DNS rows 0017 never saw or has since changed: they are re-synced by
-- id first (the dns_* tables were the truth until this release), then the dns_* tables go.
INSERT INTO "products" ("id", "family", "slug", "name", "description", "features", "limits", "setup_fee_cents", "visibility", "display_order", "created_at", "updated_at")
OVERRIDING SYSTEM VALUE
SELECT "id", 'dns', "slug", "name", "description", "features",
       jsonb_build_object('maxDomains', "max_domains", 'maxRecords', "max_records"),
       0,
       CASE WHEN "is_active" THEN 'active' ELSE 'hidden' END::"product_visibility",
       "display_order", "created_at", "updated_at"
FROM "dns_plans"
ON CONFLICT ("id") DO UPDATE SET
  "slug" = excluded."slug", "name" = excluded."name", "description" = excluded."description",
  "features" = excluded."features", "limits" = excluded."limits",
  "visibility" = excluded."visibility", "display_order" = excluded."display_order",
  "updated_at" = excluded."updated_at"
WHERE "products"."family" = 'dns';
--> statement-breakpoint
INSERT INTO "product_prices" ("product_id", "cycle", "price_cents", "updated_at")
SELECT "id", 'monthly', "price_cents", "updated_at" FROM "dns_plans"
ON CONFLICT ("product_id", "cycle") DO UPDATE SET
  "price_cents" = excluded."price_cents", "updated_at" = excluded."updated_at";
--> statement-breakpoint
-- Existing subscriptions: those that ended first (so a newer live one never meets a stale live
-- row under services_one_live_dns), then the others; the new ones after.
UPDATE "services" v SET
  "product_id" = s."plan_id",
  "status" = CASE s."status" WHEN 'expired' THEN 'terminated' ELSE s."status"::text END::"service_status",
  "current_period_start" = s."current_period_start", "current_period_end" = s."current_period_end",
  "anchor_day" = s."anchor_day", "price_paid_cents" = s."price_paid_cents",
  "recurring_price_cents" = p."price_cents", "next_recurring_price_cents" = NULL,
  "auto_renew" = s."auto_renew", "cancel_at_period_end" = s."cancel_at_period_end",
  "scheduled_product_id" = s."scheduled_plan_id",
  "scheduled_cycle" = CASE WHEN s."scheduled_plan_id" IS NOT NULL THEN 'monthly'::"billing_cycle" END,
  "last_payment_at" = s."last_payment_at", "next_payment_at" = s."next_payment_at",
  "ended_at" = coalesce(s."ended_at", s."updated_at"), "updated_at" = s."updated_at"
FROM "dns_plan_subscriptions" s JOIN "dns_plans" p ON p."id" = s."plan_id"
WHERE v."id" = s."id" AND v."family" = 'dns' AND s."status" IN ('cancelled', 'expired');
--> statement-breakpoint
UPDATE "services" v SET
  "product_id" = s."plan_id",
  "status" = s."status"::text::"service_status",
  "current_period_start" = s."current_period_start", "current_period_end" = s."current_period_end",
  "anchor_day" = s."anchor_day", "price_paid_cents" = s."price_paid_cents",
  "recurring_price_cents" = p."price_cents", "next_recurring_price_cents" = NULL,
  "auto_renew" = s."auto_renew", "cancel_at_period_end" = s."cancel_at_period_end",
  "scheduled_product_id" = s."scheduled_plan_id",
  "scheduled_cycle" = CASE WHEN s."scheduled_plan_id" IS NOT NULL THEN 'monthly'::"billing_cycle" END,
  "last_payment_at" = s."last_payment_at", "next_payment_at" = s."next_payment_at",
  "ended_at" = NULL, "updated_at" = s."updated_at"
FROM "dns_plan_subscriptions" s JOIN "dns_plans" p ON p."id" = s."plan_id"
WHERE v."id" = s."id" AND v."family" = 'dns' AND s."status" IN ('active', 'past_due');
--> statement-breakpoint
INSERT INTO "services" ("id", "user_id", "product_id", "family", "cycle", "status", "current_period_start", "current_period_end", "anchor_day", "price_paid_cents", "recurring_price_cents", "auto_renew", "cancel_at_period_end", "scheduled_product_id", "scheduled_cycle", "last_payment_at", "next_payment_at", "ended_at", "created_at", "updated_at")
OVERRIDING SYSTEM VALUE
SELECT s."id", s."user_id", s."plan_id", 'dns', 'monthly',
       CASE s."status" WHEN 'expired' THEN 'terminated' ELSE s."status"::text END::"service_status",
       s."current_period_start", s."current_period_end", s."anchor_day", s."price_paid_cents",
       p."price_cents", s."auto_renew", s."cancel_at_period_end", s."scheduled_plan_id",
       CASE WHEN s."scheduled_plan_id" IS NOT NULL THEN 'monthly'::"billing_cycle" END,
       s."last_payment_at", s."next_payment_at",
       CASE WHEN s."status" IN ('cancelled', 'expired') THEN coalesce(s."ended_at", s."updated_at") END,
       s."created_at", s."updated_at"
FROM "dns_plan_subscriptions" s
JOIN "dns_plans" p ON p."id" = s."plan_id"
WHERE NOT EXISTS (SELECT 1 FROM "services" v WHERE v."id" = s."id")
ORDER BY s."id";
--> statement-breakpoint
INSERT INTO "service_charges" ("id", "service_id", "product_id", "cycle", "kind", "period_start", "period_end", "amount_cents", "credit_entry_id", "created_at")
OVERRIDING SYSTEM VALUE
SELECT "id", "subscription_id", "plan_id", 'monthly', "kind"::text::"service_charge_kind",
       "period_start", "period_end", "amount_cents", "credit_entry_id", "created_at"
FROM "dns_plan_charges"
ON CONFLICT ("id") DO NOTHING;
--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('"products"', 'id'), greatest(coalesce(max("id"), 0) + 1, nextval(pg_get_serial_sequence('"products"', 'id'))), false) FROM "products";
--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('"services"', 'id'), greatest(coalesce(max("id"), 0) + 1, nextval(pg_get_serial_sequence('"services"', 'id'))), false) FROM "services";
--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('"service_charges"', 'id'), greatest(coalesce(max("id"), 0) + 1, nextval(pg_get_serial_sequence('"service_charges"', 'id'))), false) FROM "service_charges";
--> statement-breakpoint
DROP TABLE "dns_plan_charges" CASCADE;--> statement-breakpoint
DROP TABLE "dns_plan_subscriptions" CASCADE;--> statement-breakpoint
DROP TABLE "dns_plans" CASCADE;--> statement-breakpoint
DROP TYPE "public"."billing_period";--> statement-breakpoint
DROP TYPE "public"."dns_charge_kind";--> statement-breakpoint
DROP TYPE "public"."dns_subscription_status";
