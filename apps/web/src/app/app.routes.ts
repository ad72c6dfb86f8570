import { Routes } from '@angular/router';

/** One lazy route per feature folder under `features/`. */
export const routes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Soundlink — campaign attribution for Spotify',
    loadComponent: () => import('./features/home/home').then((m) => m.Home),
  },
  {
    path: '**',
    title: 'Page not found · Soundlink',
    loadComponent: () => import('./features/not-found/not-found').then((m) => m.NotFound),
  },
];
