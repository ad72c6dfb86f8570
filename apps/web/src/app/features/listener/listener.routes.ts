import { Routes } from '@angular/router';
import { provideSoundlinkCharts } from '@soundlink/ui-charts';

/** /me: the listener's own page. Chart.js is registered here (listening per day): it stays in this lazy chunk. */
export const LISTENER_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Your listener data · Soundlink',
    providers: [provideSoundlinkCharts()],
    loadComponent: () => import('./listener-page').then((m) => m.ListenerPage),
  },
];
