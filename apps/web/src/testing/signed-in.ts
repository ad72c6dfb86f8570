import { Provider, Type } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { API_CLIENT } from '../app/core/api-client';
import { SessionService } from '../app/core/session.service';
import { settle } from './dom';
import { FakeApiClient, signIn } from './fake-api-client';

/**
 * Renders a page of the signed-in area (the route guard guarantees a session in the app): configures the
 * testing module with the fake API (it must answer signInRoute), signs in, attaches the page to the document
 * and waits for its first loads. `providers` adds what the page needs beyond a router and the API client.
 */
export async function renderSignedIn<T>(
  page: Type<T>,
  fake: FakeApiClient,
  providers: Provider[] = [],
): Promise<{ fixture: ComponentFixture<T>; el: HTMLElement; fake: FakeApiClient }> {
  TestBed.configureTestingModule({
    imports: [page],
    providers: [
      provideRouter([{ path: '**', children: [] }]),
      { provide: API_CLIENT, useValue: fake.client },
      ...providers,
    ],
  });
  await signIn(TestBed.inject(SessionService), fake);
  const fixture = TestBed.createComponent(page);
  document.body.appendChild(fixture.nativeElement);
  fixture.detectChanges();
  await settle(fixture);
  return { fixture, el: fixture.nativeElement as HTMLElement, fake };
}
