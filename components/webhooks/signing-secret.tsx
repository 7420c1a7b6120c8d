import { CopyOnce } from '@/components/ui/copy-once';

/** A new or rotated signing secret, shown once: afterwards it can only be replaced (rotated), never read again. */
export function SigningSecret({ secret }: { secret: string }) {
  return (
    <CopyOnce
      value={secret}
      what="secret"
      label="Signing secret — copy it into your receiver now, it will not be shown again"
      hint="Your receiver verifies each request with it (see “Verifying a delivery” below)."
    />
  );
}
