import { Routes } from '@angular/router';
import { redirectIfSignedIn, requireAdmin, requireOwner } from './core/guards';

/** One lazy route per feature folder under `features/`. */
export const routes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Soundlink — campaign attribution for Spotify',
    loadComponent: () => import('./features/home/home').then((m) => m.Home),
  },
  {
    path: 'login',
    title: 'Sign in · Soundlink',
    canActivate: [redirectIfSignedIn],
    loadComponent: () => import('./features/login/login').then((m) => m.Login),
  },
  {
    path: 'register',
    title: 'Create your account · Soundlink',
    canActivate: [redirectIfSignedIn],
    loadComponent: () => import('./features/register/register').then((m) => m.Register),
  },
  {
    path: 'reset-password',
    title: 'Choose a new password · Soundlink',
    loadComponent: () => import('./features/reset-password/reset-password').then((m) => m.ResetPassword),
  },
  {
    path: 'dashboard',
    title: 'Dashboard · Soundlink',
    canActivate: [requireOwner],
    loadComponent: () => import('./features/dashboard/dashboard').then((m) => m.Dashboard),
  },
  {
    path: 'campaigns',
    canActivate: [requireOwner],
    loadChildren: () => import('./features/campaigns/campaigns.routes').then((m) => m.CAMPAIGN_ROUTES),
  },
  {
    path: 'settings',
    title: 'Settings · Soundlink',
    canActivate: [requireOwner],
    loadComponent: () => import('./features/settings/settings').then((m) => m.Settings),
  },
  {
    path: 'admin',
    canActivate: [requireAdmin],
    loadChildren: () => import('./features/admin/admin.routes').then((m) => m.ADMIN_ROUTES),
  },
  {
    path: 'connect/:slug',
    title: 'Connect Spotify · Soundlink',
    loadComponent: () => import('./features/connect/connect').then((m) => m.Connect),
  },
  {
    path: 'trends',
    title: 'Trends · Soundlink',
    loadComponent: () => import('./features/trends/trends-page').then((m) => m.TrendsPage),
  },
  {
    // The listener's own page: its insights draw a chart, so Chart.js is provided in its lazy routes file.
    path: 'me',
    loadChildren: () => import('./features/listener/listener.routes').then((m) => m.LISTENER_ROUTES),
  },
  {
    path: '**',
    title: 'Page not found · Soundlink',
    loadComponent: () => import('./features/not-found/not-found').then((m) => m.NotFound),
  },
];
