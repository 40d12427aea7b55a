-- Documents (ADR 027): issued by the database, in the transaction that writes their source,
-- so every writer (services engine, renewals, DNS plans, PayPal settlement, admin refunds)
-- issues them without a line of its own.
--
-- The issuing triggers are DEFERRED constraint triggers: they run at COMMIT of the source's
-- transaction, still inside it. A number is taken from document_counters there (UPDATE ...
-- RETURNING on the (kind, year) row), so the row lock that makes the sequence gapless is held
-- from that moment to the end of the commit, not from the charge to the end of a long
-- transaction (a renewal batch). A transaction (or savepoint) that rolls back never ran them.

-- Documents are history: no code path (or psql session) may rewrite or remove one.
CREATE FUNCTION documents_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER documents_no_update_delete
  BEFORE UPDATE OR DELETE ON documents
  FOR EACH ROW EXECUTE FUNCTION documents_refuse_change();
--> statement-breakpoint
CREATE TRIGGER documents_no_truncate
  BEFORE TRUNCATE ON documents
  FOR EACH STATEMENT EXECUTE FUNCTION documents_refuse_change();
--> statement-breakpoint
CREATE TRIGGER document_logos_no_update_delete
  BEFORE UPDATE OR DELETE ON document_logos
  FOR EACH ROW EXECUTE FUNCTION documents_refuse_change();
--> statement-breakpoint
CREATE TRIGGER document_logos_no_truncate
  BEFORE TRUNCATE ON document_logos
  FOR EACH STATEMENT EXECUTE FUNCTION documents_refuse_change();
--> statement-breakpoint

-- The next number of a kind in a year: 1 for the first, then last + 1. The row stays locked
-- by this transaction until it ends, which is what keeps the numbers gapless and unique.
CREATE FUNCTION documents_next_seq(p_kind document_kind, p_year smallint) RETURNS integer
LANGUAGE sql AS $$
  INSERT INTO document_counters (kind, year, last_seq) VALUES (p_kind, p_year, 1)
  ON CONFLICT (kind, year) DO UPDATE SET last_seq = document_counters.last_seq + 1
  RETURNING last_seq
$$;
--> statement-breakpoint

-- The issuer as printed now: app_settings (NULL = the default, server/services/settings/
-- defaults.ts; a NULL company name is printed as APP_NAME). The logo is kept by its hash in
-- document_logos, read from app_settings only when that hash is not stored yet.
CREATE FUNCTION documents_company_snapshot() RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  s record;
BEGIN
  -- No row: every field NULL, every default applies.
  SELECT company_name, company_address, tax_id, support_email, logo_sha256,
         credits_display_name, credits_symbol
    INTO s FROM app_settings WHERE id = 1;
  IF s.logo_sha256 IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM document_logos WHERE sha256 = s.logo_sha256) THEN
    INSERT INTO document_logos (sha256, content_type, bytes)
      SELECT logo_sha256, logo_content_type, logo FROM app_settings WHERE id = 1
      ON CONFLICT (sha256) DO NOTHING;
  END IF;
  RETURN jsonb_build_object(
    'company', jsonb_build_object(
      'name', s.company_name,
      'address', coalesce(s.company_address, ''),
      'taxId', s.tax_id,
      'supportEmail', s.support_email,
      'logoSha256', s.logo_sha256),
    'credits', jsonb_build_object(
      'displayName', coalesce(s.credits_display_name, 'Custom credits'),
      'symbol', coalesce(s.credits_symbol, '$')));
END;
$$;
--> statement-breakpoint

-- Writes one document: the snapshot is completed (customer, company, number, date) before
-- the number is taken, so the counter's lock is held for as short a time as possible.
CREATE FUNCTION documents_issue(
  p_kind document_kind, p_user_id integer, p_topup_id integer, p_charge_id integer,
  p_refund_id integer, p_credit_entry_id bigint, p_capture_id text, p_total_cents bigint,
  p_body jsonb
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_year smallint := extract(year FROM now() AT TIME ZONE 'UTC')::smallint;
  v_seq integer;
  v_number text;
  v_snapshot jsonb;
BEGIN
  SELECT p_body || documents_company_snapshot() || jsonb_build_object(
           'version', 1,
           'kind', p_kind,
           'issuedAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'totalCents', p_total_cents,
           'customer', jsonb_build_object('id', u.id, 'name', u.name, 'email', u.email))
    INTO v_snapshot
    FROM users u WHERE u.id = p_user_id;
  v_seq := documents_next_seq(p_kind, v_year);
  v_number := CASE p_kind WHEN 'receipt' THEN 'RCT' WHEN 'invoice' THEN 'INV' ELSE 'CN' END
              || '-' || v_year || '-' || lpad(v_seq::text, 6, '0');
  INSERT INTO documents (kind, year, seq, number, user_id, topup_id, service_charge_id,
                         service_refund_id, credit_entry_id, paypal_capture_id, total_cents,
                         snapshot)
  VALUES (p_kind, v_year, v_seq, v_number, p_user_id, p_topup_id, p_charge_id, p_refund_id,
          p_credit_entry_id, p_capture_id, p_total_cents,
          v_snapshot || jsonb_build_object('number', v_number));
END;
$$;
--> statement-breakpoint

-- Invoice: every charge to custom credits (service purchase, setup fee, renewal, upgrade;
-- DNS plans are services of the dns family).
CREATE FUNCTION documents_issue_invoice() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  c record;
BEGIN
  SELECT ch.id, ch.kind, ch.cycle, ch.period_start, ch.period_end, ch.amount_cents,
         ch.service_id, s.user_id, s.family, p.name AS product_name,
         e.id AS entry_id, e.description, e.balance_after_cents
    INTO c
    FROM service_charges ch
    JOIN services s ON s.id = ch.service_id
    JOIN products p ON p.id = ch.product_id
    JOIN credit_transactions e ON e.id = ch.credit_entry_id
   WHERE ch.id = NEW.id;
  PERFORM documents_issue('invoice', c.user_id, NULL, c.id, NULL, c.entry_id, NULL,
    c.amount_cents,
    jsonb_build_object(
      'lines', jsonb_build_array(jsonb_build_object(
        'description', c.description, 'quantity', 1, 'amountCents', c.amount_cents)),
      'service', jsonb_build_object(
        'id', c.service_id, 'family', c.family, 'productName', c.product_name,
        'chargeKind', c.kind, 'cycle', c.cycle,
        'periodStart', to_char(c.period_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'periodEnd', to_char(c.period_end AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
      'payment', jsonb_build_object(
        'method', 'custom_credits', 'ledgerEntryId', c.entry_id,
        'balanceAfterCents', c.balance_after_cents)));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER documents_invoice_on_charge
  AFTER INSERT ON service_charges
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION documents_issue_invoice();
--> statement-breakpoint

-- Credit note: an admin's refund of (part of) a service charge, naming the invoice it corrects.
CREATE FUNCTION documents_issue_credit_note() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  SELECT rf.id, rf.amount_cents, rf.reason, rf.charge_id, s.user_id, p.name AS product_name,
         ch.kind AS charge_kind, e.id AS entry_id, e.balance_after_cents,
         (SELECT d.number FROM documents d WHERE d.service_charge_id = rf.charge_id) AS invoice_number
    INTO r
    FROM service_refunds rf
    JOIN service_charges ch ON ch.id = rf.charge_id
    JOIN services s ON s.id = ch.service_id
    JOIN products p ON p.id = ch.product_id
    JOIN credit_transactions e ON e.id = rf.credit_entry_id
   WHERE rf.id = NEW.id;
  PERFORM documents_issue('credit_note', r.user_id, NULL, NULL, r.id, r.entry_id, NULL,
    -r.amount_cents,
    jsonb_build_object(
      'lines', jsonb_build_array(jsonb_build_object(
        'description', 'Refund: ' || r.product_name
          || coalesce(' (invoice ' || r.invoice_number || ')', ''),
        'quantity', 1, 'amountCents', -r.amount_cents)),
      'reason', r.reason,
      'refersTo', jsonb_build_object('chargeId', r.charge_id, 'invoiceNumber', r.invoice_number),
      'payment', jsonb_build_object(
        'method', 'custom_credits', 'ledgerEntryId', r.entry_id,
        'balanceAfterCents', r.balance_after_cents)));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER documents_credit_note_on_refund
  AFTER INSERT ON service_refunds
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION documents_issue_credit_note();
--> statement-breakpoint

-- Receipt: a PayPal top-up whose money was captured (credits posted, or tokens to deliver).
-- The state at commit is read, and a top-up that already has one is left alone.
CREATE FUNCTION documents_issue_receipt() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  IF EXISTS (SELECT 1 FROM documents WHERE topup_id = NEW.id) THEN
    RETURN NULL;
  END IF;
  SELECT tp.id, tp.user_id, tp.purpose, tp.amount_cents, tp.currency, tp.tokens,
         tp.paypal_order_id, tp.paypal_capture_id, tp.captured_at, tp.credit_entry_id,
         e.balance_after_cents,
         (SELECT coalesce(credits_display_name, 'Custom credits') FROM app_settings WHERE id = 1) AS credits_name
    INTO t
    FROM topups tp LEFT JOIN credit_transactions e ON e.id = tp.credit_entry_id
   WHERE tp.id = NEW.id AND tp.status IN ('captured', 'delivering', 'completed', 'review');
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  PERFORM documents_issue('receipt', t.user_id, t.id, NULL, NULL, t.credit_entry_id,
    t.paypal_capture_id, t.amount_cents,
    jsonb_build_object(
      'currency', t.currency,
      'lines', jsonb_build_array(jsonb_build_object(
        'description', CASE t.purpose
          WHEN 'custom_credits' THEN coalesce(t.credits_name, 'Custom credits') || ' top-up'
          ELSE 'VirtFusion tokens: ' || t.tokens END,
        'quantity', 1, 'amountCents', t.amount_cents)),
      'topup', jsonb_build_object(
        'id', t.id, 'purpose', t.purpose, 'tokens', t.tokens,
        'paidAt', to_char(coalesce(t.captured_at, now()) AT TIME ZONE 'UTC',
                          'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
      'payment', jsonb_build_object(
        'method', 'paypal', 'captureId', t.paypal_capture_id, 'orderId', t.paypal_order_id,
        'ledgerEntryId', t.credit_entry_id, 'balanceAfterCents', t.balance_after_cents)));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER documents_receipt_on_topup
  AFTER UPDATE OF status ON topups
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW
  WHEN (NEW.status IN ('captured', 'completed')
        AND OLD.status IN ('created', 'capturing', 'pending'))
  EXECUTE FUNCTION documents_issue_receipt();
