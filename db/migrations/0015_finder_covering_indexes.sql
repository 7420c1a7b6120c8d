DROP INDEX "ratings_skill_level_idx";--> statement-breakpoint
CREATE INDEX "endorsements_skill_idx" ON "endorsements" USING btree ("organization_id","skill_id","membership_id","level_endorsed");--> statement-breakpoint
CREATE INDEX "ratings_skill_level_idx" ON "ratings" USING btree ("organization_id","cycle_id","skill_id","source","level","membership_id","not_applicable","interest","changed_at");