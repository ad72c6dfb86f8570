import { createHash, randomBytes } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { OwnerEntity, OwnerRole } from './owner.entity';
import { PasswordResetEntity } from './password-reset.entity';
import { SessionEntity } from './session.entity';

/**
 * Account operations shared by the API and the operator's CLI (apps/api/src/bin/admin.ts): they take an
 * EntityManager, so both run exactly the same SQL.
 */

/** How long a password reset link stays valid. */
export const PASSWORD_RESET_TTL_MS = 24 * 60 * 60 * 1000;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Sets an owner's role; answers the owner, or undefined when no owner has that email. */
export async function setRole(
  manager: EntityManager,
  email: string,
  role: OwnerRole,
): Promise<OwnerEntity | undefined> {
  const owners = manager.getRepository(OwnerEntity);
  const owner = await owners.findOneBy({ email: normaliseEmail(email) });
  if (!owner) return undefined;
  if (owner.role !== role) await owners.update(owner.id, { role });
  return { ...owner, role };
}

export function listAdmins(manager: EntityManager): Promise<OwnerEntity[]> {
  return manager.getRepository(OwnerEntity).find({ where: { role: 'admin' }, order: { createdAt: 'ASC' } });
}

/** Ends an owner's sessions (all, or all but one) and, when asked, revokes their API keys. */
export async function revokeAccess(
  manager: EntityManager,
  ownerId: string,
  options: { keepSessionId?: string; apiKeys?: boolean } = {},
): Promise<void> {
  const now = new Date();
  const sessions = manager.getRepository(SessionEntity).createQueryBuilder().update().set({ revokedAt: now });
  sessions.where('owner_id = :ownerId AND revoked_at IS NULL', { ownerId });
  if (options.keepSessionId) sessions.andWhere('id <> :keep', { keep: options.keepSessionId });
  await sessions.execute();
  if (options.apiKeys)
    await manager.getRepository(ApiKeyEntity).update({ ownerId, revokedAt: IsNull() }, { revokedAt: now });
}

export function hashResetToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Issues a one-time password reset for an owner (any earlier unused one stops working) and answers the token,
 * which is shown once and stored only as a hash.
 */
export async function issuePasswordReset(
  manager: EntityManager,
  ownerId: string,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const resets = manager.getRepository(PasswordResetEntity);
  await resets.update({ ownerId, usedAt: IsNull() }, { usedAt: now });
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS);
  await resets.insert({ ownerId, tokenHash: hashResetToken(token), expiresAt, usedAt: null });
  return { token, expiresAt };
}

/** The page of the SPA that takes a reset token. */
export function passwordResetLink(publicUrl: string, token: string): string {
  return `${publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
}

/**
 * Marks a password reset used, if it is still unused and unexpired; false when it is not (single use, also
 * against two requests at once: only one of them marks the row).
 */
export async function takePasswordReset(manager: EntityManager, resetId: string): Promise<boolean> {
  const taken = await manager
    .getRepository(PasswordResetEntity)
    .createQueryBuilder()
    .update()
    .set({ usedAt: () => 'now()' })
    .where('id = :id AND used_at IS NULL AND expires_at > now()', { id: resetId })
    .execute();
  return Boolean(taken.affected);
}
