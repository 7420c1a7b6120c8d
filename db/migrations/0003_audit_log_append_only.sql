-- The audit log is evidence: once written, an entry is neither changed nor removed by the application.
-- Only the foreign keys' own actions may touch it: deleting an organization removes its entries
-- (on delete cascade) and deleting a user clears the actor (on delete set null). Those run from the
-- referential-integrity trigger, one trigger deep; a statement sent by the application runs at depth 1.
-- The table's owner can still disable the triggers: this stops the application and its bugs, not the DBA.
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() > 1 THEN
    IF TG_OP = 'DELETE' THEN
      RETURN OLD;
    END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
