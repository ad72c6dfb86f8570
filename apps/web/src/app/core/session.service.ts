import { computed, DOCUMENT, inject, Injectable, PendingTasks, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { ApiSchema } from '@soundlink/api-client';
import { API_CLIENT } from './api-client';
import { ApiProblem, apiResult, ApiResult } from './api-problem';
import { CSRF_COOKIE, readCookie } from './cookies';

export type Owner = ApiSchema<'OwnerDto'>;
export type RegisterRequest = ApiSchema<'RegisterDto'>;
export type ProfileChanges = ApiSchema<'UpdateProfileDto'>;

/**
 * Who is signed in. The API keeps the session in an httpOnly cookie, so the SPA learns about it by
 * asking `GET /auth/me` once at startup (a reload keeps you signed in) and by the answers of
 * login/register/logout.
 */
@Injectable({ providedIn: 'root' })
export class SessionService {
  private readonly client = inject(API_CLIENT);
  private readonly document = inject(DOCUMENT);
  private readonly pendingTasks = inject(PendingTasks);
  private readonly router = inject(Router);

  private readonly ownerState = signal<Owner | null>(null);
  private readonly loadedState = signal(false);
  private loading: Promise<void> | null = null;

  /** The signed-in owner, or null. */
  readonly owner = this.ownerState.asReadonly();
  /** True once we know whether someone is signed in. */
  readonly loaded = this.loadedState.asReadonly();
  readonly signedIn = computed(() => this.ownerState() !== null);
  readonly isAdmin = computed(() => this.ownerState()?.role === 'admin');

  /** Resolves once the session is known; starts the startup check if nobody has yet. */
  whenLoaded(): Promise<void> {
    return this.loading ?? this.refresh();
  }

  /** Asks the API who is signed in (`GET /auth/me`). */
  refresh(): Promise<void> {
    this.loading = this.load();
    return this.loading;
  }

  private async load(): Promise<void> {
    // The readable CSRF cookie lives exactly as long as the session cookie: without it nobody is
    // signed in, and asking would only produce a 401 in the console of every signed-out visitor.
    if (!readCookie(this.document.cookie, CSRF_COOKIE)) {
      this.ownerState.set(null);
      this.loadedState.set(true);
      return;
    }
    const done = this.pendingTasks.add();
    try {
      const result = await apiResult(this.client.GET('/api/v1/auth/me'));
      this.ownerState.set(result.ok ? result.data : null);
    } finally {
      this.loadedState.set(true);
      done();
    }
  }

  async login(email: string, password: string): Promise<ApiResult<Owner>> {
    const result = await apiResult(this.client.POST('/api/v1/auth/login', { body: { email, password } }));
    return this.signedInWith(result);
  }

  async register(request: RegisterRequest): Promise<ApiResult<Owner>> {
    const result = await apiResult(this.client.POST('/api/v1/auth/register', { body: request }));
    return this.signedInWith(result);
  }

  /** Ends the session on the server; the local state follows only when the server agreed (or it was gone). */
  async logout(): Promise<ApiResult<void>> {
    const result = await apiResult(this.client.POST('/api/v1/auth/logout'));
    if (result.ok || result.problem.status === 401) {
      this.forget();
      return { ok: true, data: undefined };
    }
    return result;
  }

  async updateProfile(changes: ProfileChanges): Promise<ApiResult<Owner>> {
    const result = await apiResult(this.client.PATCH('/api/v1/auth/me', { body: changes }));
    if (result.ok) this.ownerState.set(result.data);
    return result;
  }

  /** The API said 401 to a signed-in request (session expired or revoked elsewhere). */
  forget(): void {
    this.ownerState.set(null);
    this.loadedState.set(true);
    this.loading = Promise.resolve();
  }

  /**
   * For pages that call the API while signed in: a 401 means the session ended elsewhere (expired,
   * signed out in another tab, disabled by an admin), so forget it and ask to sign in again.
   * Returns true when it handled the problem.
   */
  handleExpiredSession(problem: ApiProblem): boolean {
    if (problem.status !== 401) return false;
    this.forget();
    void this.router.navigate(['/login'], { queryParams: { returnUrl: this.router.url } });
    return true;
  }

  private signedInWith(result: ApiResult<{ owner: Owner }>): ApiResult<Owner> {
    if (!result.ok) return result;
    this.ownerState.set(result.data.owner);
    this.loadedState.set(true);
    this.loading = Promise.resolve();
    return { ok: true, data: result.data.owner };
  }
}
