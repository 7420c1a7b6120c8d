CREATE TABLE "anonymous_rating_counts" (
	"organization_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"skill_id" uuid NOT NULL,
	"source" "rating_source" NOT NULL,
	"level" smallint NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "anonymous_rating_counts_pk" PRIMARY KEY("organization_id","cycle_id","skill_id","source","level"),
	CONSTRAINT "anonymous_rating_counts_level_range" CHECK ("anonymous_rating_counts"."level" between -1 and 10),
	CONSTRAINT "anonymous_rating_counts_positive" CHECK ("anonymous_rating_counts"."count" > 0)
);
--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "scim_user_name" text;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "scim_name" jsonb;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "deprovisioned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "anonymous_rating_counts" ADD CONSTRAINT "anonymous_rating_counts_cycle_fk" FOREIGN KEY ("organization_id","cycle_id") REFERENCES "public"."assessment_cycles"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anonymous_rating_counts" ADD CONSTRAINT "anonymous_rating_counts_skill_fk" FOREIGN KEY ("organization_id","skill_id") REFERENCES "public"."skill_nodes"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_org_external_id_uq" ON "memberships" USING btree ("organization_id","external_id") WHERE "memberships"."external_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_org_scim_user_name_uq" ON "memberships" USING btree ("organization_id",lower("scim_user_name")) WHERE "memberships"."scim_user_name" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "teams_org_external_id_uq" ON "teams" USING btree ("organization_id","external_id") WHERE "teams"."external_id" is not null;