-- The custom-credit journal is append-only: history is never rewritten, corrections are
-- new compensating entries. Enforced here so no code path (or psql session) can bypass it.
CREATE FUNCTION credit_transactions_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'credit_transactions is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER credit_transactions_no_update_delete
  BEFORE UPDATE OR DELETE ON credit_transactions
  FOR EACH ROW EXECUTE FUNCTION credit_transactions_refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_transactions_no_truncate
  BEFORE TRUNCATE ON credit_transactions
  FOR EACH STATEMENT EXECUTE FUNCTION credit_transactions_refuse_change();
