import type { EntityManager } from 'typeorm';

/**
 * The outbox writes other modules make in their own transactions (the triggers of migration WebhookOutbox
 * write the others). A free function taking the caller's EntityManager, like attribution.repository.ts, so the
 * listener module writes its event in the erasure's transaction without importing this module's providers.
 */

/**
 * `listener.erased` for the owners of the campaigns the listener came through (subscribed, enabled
 * endpoints): the listener id only, so that integrators erase what they hold too.
 */
export async function recordListenerErased(
  manager: EntityManager,
  listenerId: string,
  campaignIds: readonly string[],
): Promise<void> {
  if (campaignIds.length === 0) return;
  await manager.query(
    `INSERT INTO webhook_deliveries (endpoint_id, event_type, payload)
     SELECT e.id, 'listener.erased', webhook_event('listener.erased', jsonb_build_object('listenerId', $1::uuid))
       FROM webhook_endpoints e
      WHERE e.enabled AND 'listener.erased' = ANY (e.events)
        AND e.owner_id IN (SELECT owner_id FROM campaigns WHERE id = ANY ($2::uuid[]))`,
    [listenerId, campaignIds],
  );
}
