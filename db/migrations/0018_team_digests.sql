CREATE TABLE "team_chat_webhooks" (
	"organization_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"url" text NOT NULL,
	"updated_by_membership_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_chat_webhooks_pk" PRIMARY KEY("organization_id","team_id"),
	CONSTRAINT "team_chat_webhooks_provider" CHECK ("team_chat_webhooks"."provider" in ('slack', 'teams'))
);
--> statement-breakpoint
CREATE TABLE "team_digests" (
	"organization_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"period_key" text NOT NULL,
	"cycle_id" uuid NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	"gaps" jsonb NOT NULL,
	"posted_at" timestamp with time zone,
	CONSTRAINT "team_digests_pk" PRIMARY KEY("organization_id","team_id","period_key")
);
--> statement-breakpoint
ALTER TABLE "team_chat_webhooks" ADD CONSTRAINT "team_chat_webhooks_team_fk" FOREIGN KEY ("organization_id","team_id") REFERENCES "public"."teams"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_digests" ADD CONSTRAINT "team_digests_team_fk" FOREIGN KEY ("organization_id","team_id") REFERENCES "public"."teams"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_digests" ADD CONSTRAINT "team_digests_cycle_fk" FOREIGN KEY ("organization_id","cycle_id") REFERENCES "public"."assessment_cycles"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "team_digests_taken_idx" ON "team_digests" USING btree ("organization_id","team_id","taken_at");--> statement-breakpoint
CREATE INDEX "notification_sends_period_idx" ON "notification_sends" USING btree ("organization_id","kind","period_key");