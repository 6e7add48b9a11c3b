import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';

import { generateWebhookSecret, signWebhook, webhookBody, webhookHeaders } from '../src/index.js';

describe('signing (Standard Webhooks)', () => {
  it('generates whsec_ secrets of 32 random bytes', () => {
    const a = generateWebhookSecret();
    const b = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(a.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    expect(a).not.toBe(b);
  });

  it('signs so that the standardwebhooks library verifies, and a tampered body does not', () => {
    const secret = generateWebhookSecret();
    const body = webhookBody({ type: 'ticket.created', occurredAt: new Date('2026-01-02T03:04:05.000Z'), data: { id: 7 } });
    expect(JSON.parse(body)).toEqual({ type: 'ticket.created', timestamp: '2026-01-02T03:04:05.000Z', data: { id: 7 } });
    const headers = webhookHeaders(secret, 42, new Date(), body);
    expect(headers['webhook-id']).toBe('42');
    expect(Number(headers['webhook-timestamp'])).toBe(Math.floor(Date.now() / 1000));
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('7', '8'), headers)).toThrow(/signature/i);
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow(/signature/i);
  });

  it('keys the HMAC with the decoded secret bytes, not the text', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    const ours = signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body);
    expect(ours).toBe(new Webhook(secret).sign('msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(1614265330 * 1000), body));
    expect(ours).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });
});
