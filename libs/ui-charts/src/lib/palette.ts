/**
 * Chart colours. Every one has at least 3:1 contrast on white (WCAG 1.4.11, graphical objects), and the
 * confidence tiers differ in lightness too, so they stay apart for colour-blind readers and in greyscale.
 */
export const CHART_COLORS = {
  /** Attributed plays, high confidence. */
  high: '#0b6b3a',
  /** Attributed plays, medium confidence. */
  medium: '#5b3fd1',
  /** Attributed plays, low confidence. */
  low: '#b35c00',
  clicks: '#1b1830',
  connects: '#c2185b',
  listeners: '#00708a',
  muted: '#6b6780',
  grid: '#e4e1ef',
  text: '#55516a',
} as const;

export type ChartColor = keyof typeof CHART_COLORS;

/** A colour with an alpha (for fills behind lines), from a #rrggbb colour. */
export function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  const r = (value >> 16) & 255;
  const g = (value >> 8) & 255;
  const b = value & 255;
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
