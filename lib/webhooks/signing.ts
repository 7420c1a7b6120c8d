/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): the
 * `webhook-id`, `webhook-timestamp` and `webhook-signature` headers, the
 * signature made by the `standardwebhooks` library itself so that receivers
 * using any of its implementations verify it as they are.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

const SECRET_PREFIX = 'whsec_';

/** A new signing secret: `whsec_` and 32 random bytes in base64, the form the libraries take. */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The last characters of a secret, enough for an admin to tell two apart, never enough to use. */
export function secretHint(secret: string): string {
  return `${SECRET_PREFIX}…${secret.slice(-4)}`;
}

/**
 * The headers of one attempt. Several secrets (the current one and, for a
 * day after a rotation, the previous one) give several signatures, separated
 * by spaces, as the specification allows: a receiver with either secret accepts.
 */
export function signedHeaders(
  secrets: readonly string[],
  message: { id: string; timestamp: Date; body: string },
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(message.id, message.timestamp, message.body));
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(Math.floor(message.timestamp.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
