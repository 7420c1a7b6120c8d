-- Until now "confirm section as unchanged" cleared carried_over and left changed_at as it was
-- (the previous cycle's time), so a confirmed value looked rated. A self rating whose value
-- is older than its cycle can only have come from the carry-over: mark it carried over and
-- confirmed (when the row last changed), so completion counts it as confirmed, not rated.
UPDATE "ratings" r
SET "carried_over" = true, "confirmed_at" = r."updated_at"
FROM "assessment_cycles" c
WHERE c."organization_id" = r."organization_id"
  AND c."id" = r."cycle_id"
  AND r."source" = 'self'
  AND NOT r."carried_over"
  AND r."confirmed_at" IS NULL
  AND r."changed_at" < c."created_at";
