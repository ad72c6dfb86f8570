import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { EnvironmentProviders, Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { routes } from '../app/app.routes';
import { API_CLIENT } from '../app/core/api-client';
import { SessionService } from '../app/core/session.service';
import type { Campaign, SpotifyPreview, TrackerLink } from '../app/features/campaigns/campaign-model';
import { RESOLVE_DEBOUNCE_MS } from '../app/features/campaigns/campaigns-api';
import { fakeApi, FakeApiClient, owner, signIn, signInRoute } from './fake-api-client';

export const CAMPAIGN_ID = '0190a0b0-0000-7000-8000-00000000c001';
export const LINK_ID = '0190a0b0-0000-7000-8000-00000000l001';

export function campaign(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: CAMPAIGN_ID,
    name: 'Summer Singles launch',
    description: '',
    status: 'active',
    allowedTransitions: ['paused', 'ended', 'archived'],
    destination: {
      input: 'https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy',
      type: 'album',
      id: '4aawyAB9vmqN3uQ7FjRGTy',
      uri: 'spotify:album:4aawyAB9vmqN3uQ7FjRGTy',
      url: 'https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy',
      name: 'Midnight Drive',
      imageUrl: 'https://i.scdn.co/image/midnight',
      ownerName: 'The Nightjars',
      snapshotId: null,
      trackCount: 12,
    },
    resolution: { state: 'resolved', error: null, resolvedAt: '2026-11-02T09:30:00.000Z' },
    attributionWindowHours: 168,
    clickRetentionDays: null,
    startsAt: null,
    endsAt: null,
    timezone: 'Europe/Berlin',
    createdAt: '2026-11-02T09:30:00.000Z',
    updatedAt: '2026-11-02T09:30:00.000Z',
    ...overrides,
  };
}

export function preview(overrides: Partial<SpotifyPreview> = {}): SpotifyPreview {
  return {
    type: 'album',
    id: '4aawyAB9vmqN3uQ7FjRGTy',
    uri: 'spotify:album:4aawyAB9vmqN3uQ7FjRGTy',
    name: 'Midnight Drive',
    imageUrl: 'https://i.scdn.co/image/midnight',
    ownerName: 'The Nightjars',
    trackCount: 12,
    ...overrides,
  };
}

export function link(overrides: Partial<TrackerLink> = {}): TrackerLink {
  const id = overrides.id ?? LINK_ID;
  const slug = overrides.slug ?? 'summer-ig';
  const self = `/api/v1/campaigns/${CAMPAIGN_ID}/links/${id}`;
  return {
    id,
    campaignId: CAMPAIGN_ID,
    slug,
    url: `https://sl.example/l/${slug}`,
    label: 'Instagram bio',
    utm: { source: 'instagram', medium: 'social', campaign: null, content: null, term: null },
    enabled: true,
    expiresAt: null,
    qrSvgUrl: `${self}/qr.svg`,
    qrPngUrl: `${self}/qr.png`,
    createdAt: '2026-11-02T09:30:00.000Z',
    updatedAt: '2026-11-02T09:30:00.000Z',
    ...overrides,
  };
}

/** Signs in through the fake and opens `url` in the real app routes (guards, lazy pages, input binding). */
export async function openPage(
  url: string,
  routesForFake: Parameters<typeof fakeApi>[0],
  providers: (Provider | EnvironmentProviders)[] = [],
) {
  const fake: FakeApiClient = fakeApi({ ...signInRoute(owner()), ...routesForFake });
  TestBed.configureTestingModule({
    providers: [
      provideRouter(routes, withComponentInputBinding()),
      { provide: API_CLIENT, useValue: fake.client },
      { provide: RESOLVE_DEBOUNCE_MS, useValue: 0 },
      ...providers,
    ],
  });
  await signIn(TestBed.inject(SessionService), fake);
  const harness = await RouterTestingHarness.create();
  document.body.appendChild(harness.fixture.nativeElement);
  await harness.navigateByUrl(url);
  return { harness, page: harness.fixture.nativeElement as HTMLElement, fake };
}
