-- The DNS plans move into the services engine (ADR 024) with their ids, so every plan,
-- subscription and charge id (and every ledger entry's metadata pointing at one) keeps its
-- meaning. The dns_* tables stay until the code has moved; a later migration drops them.
INSERT INTO "products" ("id", "family", "slug", "name", "description", "features", "limits", "setup_fee_cents", "visibility", "display_order", "created_at", "updated_at")
OVERRIDING SYSTEM VALUE
SELECT "id", 'dns', "slug", "name", "description", "features",
       jsonb_build_object('maxDomains', "max_domains", 'maxRecords', "max_records"),
       0,
       CASE WHEN "is_active" THEN 'active' ELSE 'hidden' END::"product_visibility",
       "display_order", "created_at", "updated_at"
FROM "dns_plans";
--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('"products"', 'id'), coalesce(max("id"), 0) + 1, false) FROM "products";
--> statement-breakpoint
INSERT INTO "product_prices" ("product_id", "cycle", "price_cents", "updated_at")
SELECT "id", 'monthly', "price_cents", "updated_at" FROM "dns_plans";
--> statement-breakpoint
-- Today's renewals charge the plan's current price: that is the locked recurring price. An
-- expired subscription (unpaid after grace) is terminated; a cancelled one stays cancelled.
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
JOIN "dns_plans" p ON p."id" = s."plan_id";
--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('"services"', 'id'), coalesce(max("id"), 0) + 1, false) FROM "services";
--> statement-breakpoint
INSERT INTO "service_charges" ("id", "service_id", "product_id", "cycle", "kind", "period_start", "period_end", "amount_cents", "credit_entry_id", "created_at")
OVERRIDING SYSTEM VALUE
SELECT "id", "subscription_id", "plan_id", 'monthly', "kind"::text::"service_charge_kind",
       "period_start", "period_end", "amount_cents", "credit_entry_id", "created_at"
FROM "dns_plan_charges";
--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('"service_charges"', 'id'), coalesce(max("id"), 0) + 1, false) FROM "service_charges";
