import { EnvironmentProviders, makeEnvironmentProviders } from '@angular/core';
import {
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { provideCharts } from 'ng2-charts';

/**
 * The only Chart.js parts Soundlink draws with: bar and line charts (also mixed) on category and linear
 * scales, with tooltips, legends and filled areas. Nothing else is registered, so nothing else is bundled
 * (`withDefaultRegisterables()` would pull in every chart type, scale and plugin).
 */
export const CHART_PARTS = [
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
  Filler,
] as const;

/** Provide on the lazy route that shows charts (never at the root: Chart.js stays out of the initial bundle). */
export function provideSoundlinkCharts(): EnvironmentProviders {
  return makeEnvironmentProviders([provideCharts({ registerables: [...CHART_PARTS] })]);
}
