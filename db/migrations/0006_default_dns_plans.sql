-- The default DNS plans. ON CONFLICT keeps this safe on a database that already has them
-- (for example one prepared by scripts/add-dual-billing-system.ts); admins edit them later.
INSERT INTO dns_plans (slug, name, description, price_cents, max_domains, max_records, features, display_order)
VALUES
  ('basic', 'Basic', 'DNS hosting for a few personal domains.', 500, 5, 100,
   '["Anycast DNS", "Email support"]'::jsonb, 1),
  ('pro', 'Pro', 'For growing sites and small businesses.', 1500, 25, 500,
   '["Anycast DNS", "DNSSEC", "Priority support"]'::jsonb, 2),
  ('enterprise', 'Enterprise', 'Many domains, large zones, the fastest support.', 5000, 100, 2000,
   '["Anycast DNS", "DNSSEC", "24/7 support"]'::jsonb, 3)
ON CONFLICT (slug) DO NOTHING;
