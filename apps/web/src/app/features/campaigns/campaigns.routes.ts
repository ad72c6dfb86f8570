import { Routes } from '@angular/router';

/** /campaigns/…: each page its own lazy chunk. Guarded by `requireOwner` in app.routes.ts. */
export const CAMPAIGN_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Campaigns · Soundlink',
    loadComponent: () => import('./campaigns-page').then((m) => m.CampaignsPage),
  },
  {
    path: 'new',
    title: 'New campaign · Soundlink',
    loadComponent: () => import('./campaign-form').then((m) => m.CampaignForm),
  },
  {
    path: ':id/edit',
    title: 'Edit campaign · Soundlink',
    loadComponent: () => import('./campaign-form').then((m) => m.CampaignForm),
  },
  {
    path: ':id',
    title: 'Campaign · Soundlink',
    loadComponent: () => import('./campaign-detail').then((m) => m.CampaignDetail),
  },
];
