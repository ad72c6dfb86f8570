import { Routes } from '@angular/router';

/** /admin/…: the owners list and the poller's health, each its own lazy chunk. Guarded by `requireAdmin`. */
export const ADMIN_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Owners · Admin · Soundlink',
    loadComponent: () => import('./admin').then((m) => m.Admin),
  },
  {
    path: 'polling',
    title: 'Polling health · Admin · Soundlink',
    loadComponent: () => import('./polling-health').then((m) => m.PollingHealth),
  },
];
