import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { CHART_RENDERING } from '@soundlink/ui-charts';
import { API_CLIENT } from '../app/core/api-client';
import { IMPORT_POLL_MS, ListenerSource } from '../app/features/listener/listener-api';
import { ListenerMe, ListenerPage } from '../app/features/listener/listener-page';
import { settle } from './dom';
import { fakeApi, FakeApiClient, FakeAnswer, FakeRequestInit } from './fake-api-client';
import { insightsRoutes } from './insights';

/** A connected listener as GET /api/v1/listeners/me answers it. */
export function listenerMe(overrides: Partial<ListenerMe> = {}): ListenerMe {
  return {
    displayName: 'Ada Moreno',
    status: 'active',
    connectedAt: '2026-11-20T10:00:00.000Z',
    firstConnectedAt: '2026-11-01T10:00:00.000Z',
    disconnectedAt: null,
    lastSyncedAt: '2026-11-20T10:05:00.000Z',
    counts: { clicks: 3, plays: 42, campaigns: 1 },
    campaigns: [],
    recentPlays: [],
    ...overrides,
  };
}

/** One listening source as GET /api/v1/listeners/me/sources lists it (Spotify unless told otherwise). */
export function listenerSource(overrides: Partial<ListenerSource> = {}): ListenerSource {
  return {
    kind: 'spotify',
    accountName: 'Ada Moreno',
    status: 'active',
    connectedAt: '2026-11-20T10:00:00.000Z',
    lastPolledAt: '2026-11-20T10:05:00.000Z',
    ...overrides,
  };
}

type Route = FakeAnswer | ((init: FakeRequestInit) => FakeAnswer | Promise<FakeAnswer>);

/**
 * Renders /me's page with the fake client: the listener, their Spotify source, their insights and no import
 * yet unless `routes`
 * says otherwise. Charts draw no canvas (jsdom has none) and a running import is polled at once. `url`
 * carries the page's query (e.g. `/?period=6m`).
 */
export async function renderListenerPage(routes: Record<string, Route> = {}, url = '/') {
  const fake: FakeApiClient = fakeApi({
    'GET /api/v1/listeners/me': { status: 200, body: listenerMe() },
    'GET /api/v1/listeners/me/sources': { status: 200, body: { items: [listenerSource()] } },
    ...insightsRoutes(),
    ...routes,
  });
  TestBed.configureTestingModule({
    imports: [ListenerPage],
    providers: [
      { provide: API_CLIENT, useValue: fake.client },
      { provide: CHART_RENDERING, useValue: false },
      { provide: IMPORT_POLL_MS, useValue: 0 },
      provideRouter([]),
    ],
  });
  await TestBed.inject(Router).navigateByUrl(url);
  const fixture = TestBed.createComponent(ListenerPage);
  document.body.appendChild(fixture.nativeElement);
  fixture.detectChanges();
  await settle(fixture);
  return { fixture, el: fixture.nativeElement as HTMLElement, fake };
}
