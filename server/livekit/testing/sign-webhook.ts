/**
 * Signs a webhook body the way LiveKit does: a JWT from the API key/secret whose `sha256` claim
 * is the base64 SHA-256 of the exact body bytes, sent as the Authorization header.
 */
import { createHash } from 'node:crypto';
import { AccessToken, WebhookEvent, type WebhookEventNames } from 'livekit-server-sdk';

export async function signWebhook(body: string, apiKey: string, apiSecret: string): Promise<string> {
  const at = new AccessToken(apiKey, apiSecret);
  at.sha256 = createHash('sha256').update(body, 'utf8').digest('base64');
  return at.toJwt();
}

/** Body of a LiveKit webhook, serialised as LiveKit's protobuf JSON. */
export function webhookBody(init: ConstructorParameters<typeof WebhookEvent>[0] & { event: WebhookEventNames }): string {
  const event = new WebhookEvent(init);
  // The SDK subclass resets `event` to '' after the protobuf constructor filled it.
  event.event = init.event;
  return event.toJsonString();
}
