ALTER TABLE "memberships" ADD COLUMN "welcome_mailed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "team_digests" ADD COLUMN "post_claimed_by" text;--> statement-breakpoint
ALTER TABLE "team_digests" ADD COLUMN "post_claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "team_digests" ADD COLUMN "post_state" text;--> statement-breakpoint
ALTER TABLE "team_digests" ADD COLUMN "post_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "team_digests" ADD COLUMN "post_detail" text;--> statement-breakpoint
ALTER TABLE "team_digests" ADD CONSTRAINT "team_digests_post_state" CHECK ("team_digests"."post_state" in ('posted', 'skipped', 'failed'));