export { ChartPanel, CHART_RENDERING, type PanelChart } from './lib/chart-panel';
export { csvField, fileSlug, seriesTable, toCsv, type Cell } from './lib/csv';
export { downloadHref, downloadText } from './lib/download';
export {
  barChart,
  baseOptions,
  formatValue,
  funnelChart,
  timeSeriesChart,
  type ChartEnvironment,
  type Series,
  type ValueFormat,
} from './lib/options';
export { CHART_COLORS, withAlpha, type ChartColor } from './lib/palette';
export { prefersReducedMotion } from './lib/reduced-motion';
export { CHART_PARTS, provideSoundlinkCharts } from './lib/register';
export { Sparkline, sparklinePath } from './lib/sparkline';
