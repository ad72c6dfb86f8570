import { Routes } from '@angular/router';
import { provideSoundlinkCharts } from '@soundlink/ui-charts';

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
    // Chart.js is registered here, with only the parts the charts use: it stays in this lazy chunk.
    path: ':id/dashboard',
    title: 'Dashboard · Campaign · Soundlink',
    providers: [provideSoundlinkCharts()],
    loadComponent: () => import('./dashboard/campaign-dashboard').then((m) => m.CampaignDashboard),
  },
  {
    path: ':id',
    title: 'Campaign · Soundlink',
    loadComponent: () => import('./campaign-detail').then((m) => m.CampaignDetail),
  },
];
