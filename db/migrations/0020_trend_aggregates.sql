CREATE TABLE "trend_cycle_figures" (
	"organization_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"team_id" uuid,
	"cycle_status" "cycle_status" NOT NULL,
	"cycle_closed_at" timestamp with time zone,
	"prev_cycle_id" uuid,
	"prev_closed_at" timestamp with time zone,
	"raters" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trend_cycle_figures_scope_uq" UNIQUE NULLS NOT DISTINCT("organization_id","cycle_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "trend_skill_figures" (
	"organization_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"team_id" uuid,
	"skill_id" uuid NOT NULL,
	"level_sum" integer NOT NULL,
	"level_count" integer NOT NULL,
	"gaps" integer NOT NULL,
	"closed" integer NOT NULL,
	"narrowed" integer NOT NULL,
	CONSTRAINT "trend_skill_figures_scope_uq" UNIQUE NULLS NOT DISTINCT("organization_id","cycle_id","team_id","skill_id")
);
--> statement-breakpoint
ALTER TABLE "trend_cycle_figures" ADD CONSTRAINT "trend_cycle_figures_cycle_fk" FOREIGN KEY ("organization_id","cycle_id") REFERENCES "public"."assessment_cycles"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trend_cycle_figures" ADD CONSTRAINT "trend_cycle_figures_prev_fk" FOREIGN KEY ("organization_id","prev_cycle_id") REFERENCES "public"."assessment_cycles"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trend_cycle_figures" ADD CONSTRAINT "trend_cycle_figures_team_fk" FOREIGN KEY ("organization_id","team_id") REFERENCES "public"."teams"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trend_skill_figures" ADD CONSTRAINT "trend_skill_figures_cycle_fk" FOREIGN KEY ("organization_id","cycle_id") REFERENCES "public"."assessment_cycles"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trend_skill_figures" ADD CONSTRAINT "trend_skill_figures_team_fk" FOREIGN KEY ("organization_id","team_id") REFERENCES "public"."teams"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trend_skill_figures" ADD CONSTRAINT "trend_skill_figures_skill_fk" FOREIGN KEY ("organization_id","skill_id") REFERENCES "public"."skill_nodes"("organization_id","id") ON DELETE cascade ON UPDATE no action;