import { computed, inject, Injectable, PendingTasks, signal } from '@angular/core';
import { API_CLIENT } from './api-client';

/** The `/health` contract of the Soundlink API. */
export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  database: { status: 'up' | 'down'; latencyMs?: number };
  spotify: { mode: 'sandbox' | 'spotify' };
}

export type ApiStatus =
  | { readonly state: 'checking' }
  | { readonly state: 'reachable'; readonly health: HealthReport }
  | { readonly state: 'unreachable' };

/**
 * Asks the API how it is doing (`GET /health`) and exposes the answer as signals
 * for the footer status line.
 */
@Injectable({ providedIn: 'root' })
export class ApiStatusService {
  private readonly client = inject(API_CLIENT);
  private readonly pendingTasks = inject(PendingTasks);
  private readonly statusState = signal<ApiStatus>({ state: 'checking' });

  readonly status = this.statusState.asReadonly();

  /** One-line, human-readable summary, e.g. "API v1.2.0 · database up". */
  readonly summary = computed(() => {
    const status = this.statusState();
    switch (status.state) {
      case 'checking':
        return 'Checking API status…';
      case 'unreachable':
        return 'API unreachable';
      case 'reachable':
        return `API v${status.health.version} · database ${status.health.database.status}`;
    }
  });

  readonly sandboxMode = computed(() => {
    const status = this.statusState();
    return status.state === 'reachable' && status.health.spotify.mode === 'sandbox';
  });

  /** Re-checks `/health`. Registered as a pending task so the app is only "stable" once it settles. */
  async refresh(): Promise<void> {
    const done = this.pendingTasks.add();
    try {
      const { data, error } = await this.client.GET('/health');
      // A degraded API may answer 503 with the same body; it is still reachable.
      const health = parseHealthReport(data ?? error);
      this.statusState.set(health ? { state: 'reachable', health } : { state: 'unreachable' });
    } catch {
      this.statusState.set({ state: 'unreachable' });
    } finally {
      done();
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Validates an untrusted `/health` body; returns null when it does not match the contract. */
export function parseHealthReport(body: unknown): HealthReport | null {
  if (!isRecord(body) || !isRecord(body['database']) || !isRecord(body['spotify'])) {
    return null;
  }
  const { status, version } = body;
  const dbStatus = body['database']['status'];
  const latencyMs = body['database']['latencyMs'];
  const mode = body['spotify']['mode'];
  if (
    (status !== 'ok' && status !== 'degraded') ||
    typeof version !== 'string' ||
    (dbStatus !== 'up' && dbStatus !== 'down') ||
    (mode !== 'sandbox' && mode !== 'spotify')
  ) {
    return null;
  }
  return {
    status,
    version,
    database: typeof latencyMs === 'number' ? { status: dbStatus, latencyMs } : { status: dbStatus },
    spotify: { mode },
  };
}
