-- Documents for what was charged and paid before migration 0024 (ADR 027, "Backfill").
--
-- The issuing triggers of 0024 only see rows written after them: a charge, a refund or a
-- completed top-up from before has no document. The triggers' bodies move into one function
-- per source (by id), which the triggers and documents_backfill() both call, so a backfilled
-- document is built, numbered (documents_issue -> documents_next_seq) and snapshotted exactly
-- like one issued at commit. The snapshot also records the source's own date
-- (payment.paidAt: when the charge was debited or the refund credited; receipts already had
-- topup.paidAt, the capture), since a backfilled document's issue date is the day it was issued.

CREATE FUNCTION documents_issue_invoice_for(p_charge_id integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  c record;
BEGIN
  SELECT ch.id, ch.kind, ch.cycle, ch.period_start, ch.period_end, ch.amount_cents,
         ch.created_at, ch.service_id, s.user_id, s.family, p.name AS product_name,
         e.id AS entry_id, e.description, e.balance_after_cents
    INTO c
    FROM service_charges ch
    JOIN services s ON s.id = ch.service_id
    JOIN products p ON p.id = ch.product_id
    JOIN credit_transactions e ON e.id = ch.credit_entry_id
   WHERE ch.id = p_charge_id;
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
        'balanceAfterCents', c.balance_after_cents,
        'paidAt', to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))));
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION documents_issue_invoice() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM documents_issue_invoice_for(NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint

CREATE FUNCTION documents_issue_credit_note_for(p_refund_id integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  SELECT rf.id, rf.amount_cents, rf.reason, rf.charge_id, rf.created_at, s.user_id,
         p.name AS product_name, ch.kind AS charge_kind, e.id AS entry_id, e.balance_after_cents,
         (SELECT d.number FROM documents d WHERE d.service_charge_id = rf.charge_id) AS invoice_number
    INTO r
    FROM service_refunds rf
    JOIN service_charges ch ON ch.id = rf.charge_id
    JOIN services s ON s.id = ch.service_id
    JOIN products p ON p.id = ch.product_id
    JOIN credit_transactions e ON e.id = rf.credit_entry_id
   WHERE rf.id = p_refund_id;
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
        'balanceAfterCents', r.balance_after_cents,
        'paidAt', to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))));
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION documents_issue_credit_note() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM documents_issue_credit_note_for(NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint

-- A receipt for a top-up whose money was captured; the caller decides that it was.
CREATE FUNCTION documents_issue_receipt_for(p_topup_id integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  SELECT tp.id, tp.user_id, tp.purpose, tp.amount_cents, tp.currency, tp.tokens,
         tp.paypal_order_id, tp.paypal_capture_id, tp.credit_entry_id,
         coalesce(tp.captured_at, tp.completed_at, now()) AS paid_at,
         e.balance_after_cents,
         (SELECT coalesce(credits_display_name, 'Custom credits') FROM app_settings WHERE id = 1) AS credits_name
    INTO t
    FROM topups tp LEFT JOIN credit_transactions e ON e.id = tp.credit_entry_id
   WHERE tp.id = p_topup_id;
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
        'paidAt', to_char(t.paid_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
      'payment', jsonb_build_object(
        'method', 'paypal', 'captureId', t.paypal_capture_id, 'orderId', t.paypal_order_id,
        'ledgerEntryId', t.credit_entry_id, 'balanceAfterCents', t.balance_after_cents)));
END;
$$;
--> statement-breakpoint
-- The state at commit is read, and a top-up that already has a receipt is left alone.
CREATE OR REPLACE FUNCTION documents_issue_receipt() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM documents WHERE topup_id = NEW.id)
     AND EXISTS (SELECT 1 FROM topups WHERE id = NEW.id
                   AND status IN ('captured', 'delivering', 'completed', 'review')) THEN
    PERFORM documents_issue_receipt_for(NEW.id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint

-- Issues the missing documents, oldest source first within each kind, and returns how many.
-- Invoices before credit notes, so a credit note names the invoice it corrects. A top-up was
-- paid when it was captured (captured_at, set with the capture), including one refunded or
-- reversed since; a flagged or failed one never was. Safe to run again, or twice at once: the
-- advisory lock makes a second run wait for the first and then find nothing missing, and the
-- unique keys on the sources refuse a duplicate (the whole run rolls back, counters included).
CREATE FUNCTION documents_backfill() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_id integer;
  v_issued integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('documents_backfill'));
  FOR v_id IN
    SELECT ch.id FROM service_charges ch
     WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.service_charge_id = ch.id)
     ORDER BY ch.created_at, ch.id
  LOOP
    PERFORM documents_issue_invoice_for(v_id);
    v_issued := v_issued + 1;
  END LOOP;
  FOR v_id IN
    SELECT rf.id FROM service_refunds rf
     WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.service_refund_id = rf.id)
     ORDER BY rf.created_at, rf.id
  LOOP
    PERFORM documents_issue_credit_note_for(v_id);
    v_issued := v_issued + 1;
  END LOOP;
  FOR v_id IN
    SELECT tp.id FROM topups tp
     WHERE (tp.captured_at IS NOT NULL
            OR tp.status IN ('captured', 'delivering', 'completed', 'review'))
       AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.topup_id = tp.id)
     ORDER BY coalesce(tp.captured_at, tp.completed_at, tp.updated_at), tp.id
  LOOP
    PERFORM documents_issue_receipt_for(v_id);
    v_issued := v_issued + 1;
  END LOOP;
  RETURN v_issued;
END;
$$;
--> statement-breakpoint
SELECT documents_backfill();
