// A light entry point: the SVG sparkline needs no Chart.js, so pages that only show sparklines (the campaigns
// list) import it from here and stay out of the Chart.js chunk.
export { Sparkline, sparklinePath } from './lib/sparkline';
