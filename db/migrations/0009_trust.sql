CREATE TABLE "certification_skills" (
	"organization_id" uuid NOT NULL,
	"certification_id" uuid NOT NULL,
	"skill_id" uuid NOT NULL,
	CONSTRAINT "certification_skills_pk" PRIMARY KEY("organization_id","certification_id","skill_id")
);
--> statement-breakpoint
CREATE TABLE "certifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"name" text NOT NULL,
	"issuer" text NOT NULL,
	"issued_on" date NOT NULL,
	"expires_on" date,
	"credential_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certifications_org_id_uq" UNIQUE("organization_id","id"),
	CONSTRAINT "certifications_dates" CHECK ("certifications"."expires_on" is null or "certifications"."expires_on" >= "certifications"."issued_on"),
	CONSTRAINT "certifications_url_http" CHECK ("certifications"."credential_url" is null or "certifications"."credential_url" ~ '^https?://')
);
--> statement-breakpoint
CREATE TABLE "endorsements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"skill_id" uuid NOT NULL,
	"endorser_membership_id" uuid NOT NULL,
	"level_endorsed" smallint NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "endorsements_org_id_uq" UNIQUE("organization_id","id"),
	CONSTRAINT "endorsements_one_per_endorser_uq" UNIQUE("organization_id","cycle_id","membership_id","skill_id","endorser_membership_id"),
	CONSTRAINT "endorsements_not_self" CHECK ("endorsements"."endorser_membership_id" <> "endorsements"."membership_id"),
	CONSTRAINT "endorsements_level_range" CHECK ("endorsements"."level_endorsed" between 0 and 10),
	CONSTRAINT "endorsements_comment_length" CHECK (char_length("endorsements"."comment") <= 500)
);
--> statement-breakpoint
CREATE TABLE "organization_settings" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"endorsements_enabled" boolean DEFAULT true NOT NULL,
	"stale_after_months" smallint DEFAULT 12 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organization_settings_stale_range" CHECK ("organization_settings"."stale_after_months" between 1 and 60)
);
--> statement-breakpoint
ALTER TABLE "skill_nodes" ADD COLUMN "requires_certification" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "certification_skills" ADD CONSTRAINT "certification_skills_certification_fk" FOREIGN KEY ("organization_id","certification_id") REFERENCES "public"."certifications"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certification_skills" ADD CONSTRAINT "certification_skills_skill_fk" FOREIGN KEY ("organization_id","skill_id") REFERENCES "public"."skill_nodes"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certifications" ADD CONSTRAINT "certifications_membership_fk" FOREIGN KEY ("organization_id","membership_id") REFERENCES "public"."memberships"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endorsements" ADD CONSTRAINT "endorsements_cycle_fk" FOREIGN KEY ("organization_id","cycle_id") REFERENCES "public"."assessment_cycles"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endorsements" ADD CONSTRAINT "endorsements_membership_fk" FOREIGN KEY ("organization_id","membership_id") REFERENCES "public"."memberships"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endorsements" ADD CONSTRAINT "endorsements_endorser_fk" FOREIGN KEY ("organization_id","endorser_membership_id") REFERENCES "public"."memberships"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endorsements" ADD CONSTRAINT "endorsements_skill_fk" FOREIGN KEY ("organization_id","skill_id") REFERENCES "public"."skill_nodes"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_settings" ADD CONSTRAINT "organization_settings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certification_skills_skill_idx" ON "certification_skills" USING btree ("organization_id","skill_id","certification_id");--> statement-breakpoint
CREATE INDEX "certifications_member_idx" ON "certifications" USING btree ("organization_id","membership_id");--> statement-breakpoint
CREATE INDEX "certifications_expiry_idx" ON "certifications" USING btree ("organization_id","expires_on");--> statement-breakpoint
CREATE INDEX "endorsements_member_idx" ON "endorsements" USING btree ("organization_id","membership_id","skill_id");--> statement-breakpoint
CREATE INDEX "endorsements_endorser_idx" ON "endorsements" USING btree ("organization_id","endorser_membership_id");--> statement-breakpoint
CREATE INDEX "skill_nodes_requires_certification_idx" ON "skill_nodes" USING btree ("organization_id","id") WHERE "skill_nodes"."requires_certification";