import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { webhookEventId } from '@/lib/webhooks/emit';
import { generateWebhookSecret, secretHint, signedHeaders } from '@/lib/webhooks/signing';

const body = JSON.stringify({ type: 'cycle.opened', timestamp: '2026-12-07T09:30:00.000Z', data: { name: 'Q1' } });

describe('Standard Webhooks signatures', () => {
  it('makes secrets the libraries accept, and never shows more than a hint of one', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(generateWebhookSecret()).not.toBe(secret);
    expect(secretHint(secret)).toBe(`whsec_…${secret.slice(-4)}`);
  });

  it('signs so that a receiver verifies with the library; a changed body or another secret fails', () => {
    const secret = generateWebhookSecret();
    const headers = signedHeaders([secret], { id: 'evt_1', timestamp: new Date(), body });
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('Q1', 'Q2'), headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
  });

  it('during a rotation signs with both secrets: a receiver holding either accepts', () => {
    const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = signedHeaders([current, previous], { id: 'evt_2', timestamp: new Date(), body });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toBeTruthy();
    expect(new Webhook(previous).verify(body, headers)).toBeTruthy();
  });

  it('refuses a replay older than the tolerance', () => {
    const secret = generateWebhookSecret();
    const headers = signedHeaders([secret], { id: 'evt_3', timestamp: new Date(Date.now() - 10 * 60_000), body });
    expect(() => new Webhook(secret).verify(body, headers)).toThrow(/too old/);
  });
});

describe('event ids', () => {
  it('derives the id from organization, type and once-key; without a key every event is new', () => {
    const id = webhookEventId('org-1', 'assessment.completed', 'cycle/member');
    expect(webhookEventId('org-1', 'assessment.completed', 'cycle/member')).toBe(id);
    expect(webhookEventId('org-2', 'assessment.completed', 'cycle/member')).not.toBe(id);
    expect(webhookEventId('org-1', 'assessment.completed', 'cycle/other')).not.toBe(id);
    expect(webhookEventId('org-1', 'cycle.opened')).not.toBe(webhookEventId('org-1', 'cycle.opened'));
    expect(id).toMatch(/^evt_[A-Za-z0-9_-]{32}$/);
  });
});
