import { inject } from '@angular/core';
import { CanActivateFn, Router, UrlTree } from '@angular/router';
import { SessionService } from './session.service';

/** Only local paths are followed after sign-in (never `//evil.example` or `https://…`). */
export function safeReturnUrl(value: unknown): string | null {
  return typeof value === 'string' &&
    value.startsWith('/') &&
    !value.startsWith('//') &&
    !value.includes('\\')
    ? value
    : null;
}

export const DEFAULT_SIGNED_IN_URL = '/dashboard';

function signInFirst(router: Router, returnUrl: string): UrlTree {
  return router.createUrlTree(['/login'], { queryParams: { returnUrl } });
}

/** Signed-in owners only; everyone else goes to /login and comes back afterwards. */
export const requireOwner: CanActivateFn = async (_route, state) => {
  const session = inject(SessionService);
  const router = inject(Router);
  await session.whenLoaded();
  return session.signedIn() || signInFirst(router, state.url);
};

/** Admins only; signed-out visitors sign in first, owners without the role land on their dashboard. */
export const requireAdmin: CanActivateFn = async (_route, state) => {
  const session = inject(SessionService);
  const router = inject(Router);
  await session.whenLoaded();
  if (!session.signedIn()) return signInFirst(router, state.url);
  return session.isAdmin() || router.parseUrl(DEFAULT_SIGNED_IN_URL);
};

/** /login and /register make no sense when already signed in. */
export const redirectIfSignedIn: CanActivateFn = async (route) => {
  const session = inject(SessionService);
  const router = inject(Router);
  await session.whenLoaded();
  if (!session.signedIn()) return true;
  return router.parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl')) ?? DEFAULT_SIGNED_IN_URL);
};
