import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { NotFoundError } from '../../common/errors/api-error';
import { DomainEvents } from '../../common/events/domain-events.service';
import { SecretsService } from '../../common/security/secrets.service';
import { signToken, verifyToken } from '../../common/security/signed-token';
import { AuditService, actorOf } from '../audit/audit.service';
import { API_KEY_SCOPES } from './api-key.entity';
import { DEMO_EMAIL } from '../demo/demo-account';
import {
  accountDisabled,
  emailTaken,
  forbidden,
  invalidCredentials,
  invalidResetToken,
  weakPassword,
  wrongPassword,
} from './auth.errors';
import { AuthRateLimits } from './auth-rate-limits.service';
import {
  hashResetToken,
  issuePasswordReset,
  normaliseEmail,
  passwordResetLink,
  revokeAccess,
  takePasswordReset,
} from './owner-accounts.repository';
import { CredentialsRepository } from './credentials.repository';
import { OwnerEntity } from './owner.entity';
import { PasswordResetEntity } from './password-reset.entity';
import { DUMMY_HASH, hashPassword, passwordProblems, verifyPassword } from './password';
import type { Principal } from './principal';
import { ROTATION_GRACE_MS, SESSION_IDLE_MS, TOKEN_ROTATE_AFTER_S } from './session-cookies';
import { SessionEntity } from './session.entity';

interface SessionTokenPayload {
  sid: string;
  sub: string;
  gen: number;
  iat: number;
}

export interface IssuedSession {
  owner: OwnerEntity;
  token: string;
  csrf: string;
}

export interface AuthenticatedSession {
  principal: Principal;
  owner: OwnerEntity;
  /** A fresh token when the presented one was due for rotation. */
  rotated?: { token: string; csrf: string };
}

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(OwnerEntity) private readonly owners: Repository<OwnerEntity>,
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @InjectRepository(PasswordResetEntity) private readonly resets: Repository<PasswordResetEntity>,
    private readonly secrets: SecretsService,
    private readonly config: AppConfig,
    private readonly limits: AuthRateLimits,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly credentials: CredentialsRepository,
  ) {}

  /** The owner's profile. */
  async profile(ownerId: string): Promise<OwnerEntity> {
    const owner = await this.owners.findOneBy({ id: ownerId });
    if (!owner) throw new NotFoundError('Owner');
    return owner;
  }

  /** Changes the given fields of the owner's profile (audited when any); answers the profile. */
  async updateProfile(
    principal: Principal,
    body: Partial<Pick<OwnerEntity, 'displayName' | 'timezone' | 'clickRetentionDays'>>,
    requestId: string,
  ): Promise<OwnerEntity> {
    const changes = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
    if (Object.keys(changes).length > 0) {
      await this.owners.update(principal.ownerId, changes);
      await this.audit.record(
        actorOf(principal, requestId),
        'owner.updated',
        'owner',
        principal.ownerId,
        changes,
      );
    }
    return this.profile(principal.ownerId);
  }

  /**
   * The ids among these API keys and sessions that are still valid (not revoked or expired, owner enabled):
   * what a long-lived connection such as a live stream re-checks.
   */
  stillValidCredentials(apiKeyIds: string[], sessionIds: string[]): Promise<Set<string>> {
    return this.credentials.stillValid(apiKeyIds, sessionIds);
  }

  async register(
    input: { email: string; password: string; displayName?: string; timezone?: string },
    ip: string,
    userAgent?: string,
  ): Promise<IssuedSession> {
    // Counted before any work: each registration costs an argon2 hash.
    await this.limits.beforeRegister(ip);
    const email = normaliseEmail(input.email);
    const problems = passwordProblems(input.password, email);
    if (problems.length > 0) throw weakPassword(problems);
    if (await this.owners.exists({ where: { email } })) throw emailTaken();
    const owner = this.owners.create({
      email,
      passwordHash: await hashPassword(input.password),
      displayName: input.displayName?.trim() || (email.split('@')[0] ?? email),
      // Admin is granted only by the operator (npm run admin -- grant EMAIL), never by registering.
      role: 'owner',
      timezone: input.timezone ?? 'UTC',
      disabledAt: null,
    });
    try {
      await this.owners.insert(owner);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw emailTaken();
      throw error;
    }
    await this.audit.record(
      { ownerId: owner.id, actorType: 'owner', actorId: owner.id },
      'owner.registered',
      'owner',
      owner.id,
    );
    await this.limits.registered(email, ip);
    return this.startSession(owner, userAgent);
  }

  async login(email: string, password: string, ip: string, userAgent?: string): Promise<IssuedSession> {
    const normalised = normaliseEmail(email);
    // Every limit is consumed before the database read and the password hash (docs/campaigns.md).
    const attempt = await this.limits.beforeLogin(normalised, ip);
    const owner = await this.owners.findOne({ where: { email: normalised } });
    const valid = await verifyPassword(owner?.passwordHash ?? (await DUMMY_HASH), password);
    if (!owner || !valid) throw invalidCredentials();
    await this.limits.afterLogin(attempt);
    if (owner.disabledAt) throw accountDisabled();
    return this.startSession(owner, userAgent);
  }

  /**
   * A signed-in owner changes their password (the current one is checked, under the sign-in limits); every
   * other session of theirs ends, the one making the change stays. API keys are not touched.
   */
  async changePassword(
    principal: Principal,
    currentPassword: string,
    newPassword: string,
    ip: string,
  ): Promise<void> {
    const owner = await this.owners.findOneByOrFail({ id: principal.ownerId });
    if (owner.email === DEMO_EMAIL)
      throw forbidden('The demo account’s password is published and cannot be changed.');
    const attempt = await this.limits.beforeLogin(owner.email, ip);
    if (!(await verifyPassword(owner.passwordHash, currentPassword))) throw wrongPassword();
    await this.limits.afterLogin(attempt);
    const problems = passwordProblems(newPassword, owner.email);
    if (problems.length > 0) throw weakPassword(problems);
    await this.owners.update(owner.id, { passwordHash: await hashPassword(newPassword) });
    await this.owners.manager.transaction(async (manager) => {
      await revokeAccess(manager, owner.id, { keepSessionId: principal.sessionId });
      await manager
        .getRepository(PasswordResetEntity)
        .update({ ownerId: owner.id, usedAt: IsNull() }, { usedAt: new Date() });
    });
    // Live streams of the ended sessions stop now, not at the next periodic re-check.
    this.events.emit('auth.revoked', { ownerId: owner.id });
    await this.audit.record(actorOf(principal), 'owner.password_changed', 'owner', owner.id);
  }

  /** An admin issues a one-time reset link for an owner (shown once; valid 24 hours, one use). */
  async createPasswordReset(
    admin: Principal,
    ownerId: string,
    requestId?: string,
  ): Promise<{ resetUrl: string; token: string; expiresAt: Date } | undefined> {
    if (!(await this.owners.exists({ where: { id: ownerId } }))) return undefined;
    const { token, expiresAt } = await issuePasswordReset(this.owners.manager, ownerId);
    await this.audit.record(
      { ...actorOf(admin, requestId), ownerId },
      'owner.password_reset_issued',
      'owner',
      ownerId,
    );
    return { resetUrl: passwordResetLink(this.config.publicUrl, token), token, expiresAt };
  }

  /** Sets a new password with a reset token (once): every session of the owner ends. */
  async resetPassword(token: string, newPassword: string): Promise<void> {
    const reset = await this.resets.findOne({
      where: { tokenHash: hashResetToken(token) },
      relations: { owner: true },
    });
    if (!reset?.owner || reset.usedAt || reset.expiresAt <= new Date()) throw invalidResetToken();
    const problems = passwordProblems(newPassword, reset.owner.email);
    if (problems.length > 0) throw weakPassword(problems);
    const passwordHash = await hashPassword(newPassword);
    await this.owners.manager.transaction(async (manager) => {
      // Single use, also against two requests at once: only one of them marks the row used.
      if (!(await takePasswordReset(manager, reset.id))) throw invalidResetToken();
      await manager.getRepository(OwnerEntity).update(reset.ownerId, { passwordHash });
      await revokeAccess(manager, reset.ownerId);
    });
    this.events.emit('auth.revoked', { ownerId: reset.ownerId });
    await this.audit.record(
      { ownerId: reset.ownerId, actorType: 'owner', actorId: reset.ownerId },
      'owner.password_reset',
      'owner',
      reset.ownerId,
    );
  }

  async logout(sessionId: string): Promise<void> {
    await this.sessions.update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date() });
    this.events.emit('auth.revoked', { sessionId });
  }

  /**
   * Checks a session cookie's token against its session row (not revoked, not idle too long, owner not
   * disabled, token of the current generation) and rotates the token once it is 5 minutes old.
   */
  async authenticate(token: string): Promise<AuthenticatedSession | undefined> {
    const payload = verifyToken<SessionTokenPayload>(token, this.secrets.sessionSecret);
    if (!payload?.sid || typeof payload.gen !== 'number') return undefined;
    const session = await this.sessions.findOne({ where: { id: payload.sid }, relations: { owner: true } });
    const now = new Date();
    if (!session?.owner || session.revokedAt || session.expiresAt <= now || session.owner.disabledAt)
      return undefined;
    const current = payload.gen === session.generation;
    const graced =
      payload.gen === session.generation - 1 &&
      now.getTime() - session.rotatedAt.getTime() < ROTATION_GRACE_MS;
    if (!current && !graced) return undefined;
    const owner = session.owner;
    const principal: Principal = {
      ownerId: owner.id,
      role: owner.role,
      via: 'session',
      scopes: new Set(API_KEY_SCOPES),
      sessionId: session.id,
    };
    if (!current || now.getTime() / 1000 - payload.iat < TOKEN_ROTATE_AFTER_S) return { principal, owner };
    const generation = session.generation + 1;
    const rotated = await this.sessions.update(
      { id: session.id, generation: session.generation },
      { generation, rotatedAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_IDLE_MS) },
    );
    // Another request rotated it a moment ago: keep using this token within the grace period.
    if (!rotated.affected) return { principal, owner };
    return {
      principal,
      owner,
      rotated: { token: this.sign(session.id, owner.id, generation), csrf: this.csrfFor(session.id) },
    };
  }

  /** The CSRF token of a session: derived from its id, so it needs no storage and dies with the session. */
  csrfFor(sessionId: string): string {
    return createHmac('sha256', this.secrets.sessionSecret).update(`csrf:${sessionId}`).digest('base64url');
  }

  csrfMatches(sessionId: string, presented: string | undefined): boolean {
    if (!presented) return false;
    const expected = Buffer.from(this.csrfFor(sessionId));
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private async startSession(owner: OwnerEntity, userAgent?: string): Promise<IssuedSession> {
    const now = new Date();
    const session = this.sessions.create({
      ownerId: owner.id,
      userAgent: userAgent?.slice(0, 300) ?? null,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
      generation: 0,
      rotatedAt: now,
      revokedAt: null,
    });
    await this.sessions.insert(session);
    return { owner, token: this.sign(session.id, owner.id, 0), csrf: this.csrfFor(session.id) };
  }

  private sign(sessionId: string, ownerId: string, generation: number): string {
    const iat = Math.floor(Date.now() / 1000);
    return signToken({ sid: sessionId, sub: ownerId, gen: generation, iat }, this.secrets.sessionSecret);
  }
}
