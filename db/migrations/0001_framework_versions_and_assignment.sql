CREATE TABLE "framework_version_nodes" (
	"organization_id" uuid NOT NULL,
	"framework_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"node_id" uuid NOT NULL,
	"parent_id" uuid,
	"key" text NOT NULL,
	"kind" "skill_node_kind" NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"position" integer NOT NULL,
	"depth" smallint NOT NULL,
	"ancestor_ids" uuid[] NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "framework_version_nodes_pk" PRIMARY KEY("organization_id","framework_id","version","node_id")
);
--> statement-breakpoint
ALTER TABLE "assessment_cycles" ADD COLUMN "framework_version" integer;--> statement-breakpoint
ALTER TABLE "framework_versions" ADD COLUMN "meta" jsonb;--> statement-breakpoint
ALTER TABLE "frameworks" ADD COLUMN "is_default" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "framework_id" uuid;--> statement-breakpoint
ALTER TABLE "framework_version_nodes" ADD CONSTRAINT "framework_version_nodes_version_fk" FOREIGN KEY ("organization_id","framework_id","version") REFERENCES "public"."framework_versions"("organization_id","framework_id","version") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_version_nodes" ADD CONSTRAINT "framework_version_nodes_node_fk" FOREIGN KEY ("organization_id","node_id") REFERENCES "public"."skill_nodes"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_cycles" ADD CONSTRAINT "assessment_cycles_framework_version_fk" FOREIGN KEY ("organization_id","framework_id","framework_version") REFERENCES "public"."framework_versions"("organization_id","framework_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_framework_fk" FOREIGN KEY ("organization_id","framework_id") REFERENCES "public"."frameworks"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "frameworks_org_default_uq" ON "frameworks" USING btree ("organization_id") WHERE "frameworks"."is_default";--> statement-breakpoint
-- Backfill (hand-written): the current version of every framework becomes a snapshot, and every
-- existing cycle is bound to it. Older versions were only change counts and stay without a tree.
INSERT INTO "framework_versions" ("organization_id", "framework_id", "version", "source_format", "source_hash", "changes")
SELECT f."organization_id", f."id", f."version", 'snapshot', '', '{"added":0,"renamed":0,"archived":0,"restored":0}'::jsonb
FROM "frameworks" f
WHERE NOT EXISTS (
  SELECT 1 FROM "framework_versions" v
  WHERE v."organization_id" = f."organization_id" AND v."framework_id" = f."id" AND v."version" = f."version"
);--> statement-breakpoint
INSERT INTO "framework_version_nodes" ("organization_id", "framework_id", "version", "node_id", "parent_id", "key", "kind",
  "name", "description", "position", "depth", "ancestor_ids", "archived_at")
SELECT s."organization_id", s."framework_id", f."version", s."id", s."parent_id", s."key", s."kind",
  s."name", s."description", s."position", s."depth", s."ancestor_ids", s."archived_at"
FROM "skill_nodes" s
JOIN "frameworks" f ON f."organization_id" = s."organization_id" AND f."id" = s."framework_id";--> statement-breakpoint
UPDATE "framework_versions" v
SET "meta" = jsonb_build_object(
  'name', f."name",
  'description', f."description",
  'levels', coalesce((
    SELECT jsonb_agg(jsonb_build_object('level', l."level", 'name', l."name", 'descriptor', l."descriptor") ORDER BY l."level")
    FROM "proficiency_levels" l WHERE l."organization_id" = f."organization_id" AND l."framework_id" = f."id"
  ), '[]'::jsonb),
  'learningStages', coalesce((
    SELECT jsonb_agg(jsonb_build_object('key', st."key", 'name', st."name", 'fromLevel', st."from_level",
                                        'toLevel', st."to_level", 'steps', st."steps") ORDER BY st."position")
    FROM "learning_stages" st WHERE st."organization_id" = f."organization_id" AND st."framework_id" = f."id"
  ), '[]'::jsonb))
FROM "frameworks" f
WHERE v."organization_id" = f."organization_id" AND v."framework_id" = f."id" AND v."version" = f."version";--> statement-breakpoint
UPDATE "assessment_cycles" c
SET "framework_version" = f."version"
FROM "frameworks" f
WHERE c."organization_id" = f."organization_id" AND c."framework_id" = f."id";
