CREATE TABLE "team_completion_snapshots" (
	"organization_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"cycle_id" uuid,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"member_count" integer NOT NULL,
	"raters" integer NOT NULL,
	"skills" integer,
	"members_done" integer NOT NULL,
	"rated" integer NOT NULL,
	"confirmed" integer NOT NULL,
	"to_confirm" integer NOT NULL,
	"team_mean" double precision,
	CONSTRAINT "team_completion_snapshots_pk" PRIMARY KEY("organization_id","team_id")
);
--> statement-breakpoint
ALTER TABLE "team_completion_snapshots" ADD CONSTRAINT "team_completion_snapshots_team_fk" FOREIGN KEY ("organization_id","team_id") REFERENCES "public"."teams"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_completion_snapshots" ADD CONSTRAINT "team_completion_snapshots_cycle_fk" FOREIGN KEY ("organization_id","cycle_id") REFERENCES "public"."assessment_cycles"("organization_id","id") ON DELETE cascade ON UPDATE no action;