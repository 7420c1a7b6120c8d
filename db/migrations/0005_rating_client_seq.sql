ALTER TABLE "ratings" ADD COLUMN "client_id" text;--> statement-breakpoint
ALTER TABLE "ratings" ADD COLUMN "client_seq" bigint;