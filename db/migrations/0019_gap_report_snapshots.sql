CREATE TABLE "gap_report_snapshot_people" (
	"organization_id" uuid NOT NULL,
	"snapshot_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"member_name" text NOT NULL,
	"email" text NOT NULL,
	"role_profile_name" text,
	"team_names" text NOT NULL,
	"gap_count" integer NOT NULL,
	"total_gap" integer NOT NULL,
	"max_gap" integer NOT NULL,
	"top_names" text[] NOT NULL,
	"top_gaps" integer[] NOT NULL,
	CONSTRAINT "gap_report_snapshot_people_pk" PRIMARY KEY("organization_id","snapshot_id","membership_id")
);
--> statement-breakpoint
CREATE TABLE "gap_report_snapshot_skills" (
	"organization_id" uuid NOT NULL,
	"snapshot_id" uuid NOT NULL,
	"skill_id" uuid NOT NULL,
	"skill_name" text NOT NULL,
	"skill_key" text NOT NULL,
	"area_name" text NOT NULL,
	"section_name" text NOT NULL,
	"skill_order" integer[] NOT NULL,
	"members_below" integer NOT NULL,
	"total_gap" integer NOT NULL,
	"mean_gap" double precision NOT NULL,
	"interested" integer NOT NULL,
	"holders" integer NOT NULL,
	"members" integer NOT NULL,
	CONSTRAINT "gap_report_snapshot_skills_pk" PRIMARY KEY("organization_id","snapshot_id","skill_id")
);
--> statement-breakpoint
CREATE TABLE "gap_report_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"view" text NOT NULL,
	"min_gap" integer NOT NULL,
	"interest_only" boolean NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"counts" jsonb NOT NULL,
	"largest" jsonb NOT NULL,
	"risks" jsonb NOT NULL,
	CONSTRAINT "gap_report_snapshots_key_uq" UNIQUE("organization_id","cycle_id","view","min_gap","interest_only"),
	CONSTRAINT "gap_report_snapshots_org_id_uq" UNIQUE("organization_id","id")
);
--> statement-breakpoint
ALTER TABLE "gap_report_snapshot_people" ADD CONSTRAINT "gap_report_snapshot_people_snapshot_fk" FOREIGN KEY ("organization_id","snapshot_id") REFERENCES "public"."gap_report_snapshots"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gap_report_snapshot_skills" ADD CONSTRAINT "gap_report_snapshot_skills_snapshot_fk" FOREIGN KEY ("organization_id","snapshot_id") REFERENCES "public"."gap_report_snapshots"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gap_report_snapshots" ADD CONSTRAINT "gap_report_snapshots_cycle_fk" FOREIGN KEY ("organization_id","cycle_id") REFERENCES "public"."assessment_cycles"("organization_id","id") ON DELETE cascade ON UPDATE no action;