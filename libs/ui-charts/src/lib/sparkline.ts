import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** The SVG path of a sparkline through `values`, in a `width` × `height` box with `pad` inside each edge. */
export function sparklinePath(values: readonly number[], width: number, height: number, pad = 2): string {
  if (values.length === 0) return '';
  const max = Math.max(...values.map((v) => (Number.isFinite(v) ? v : 0)), 0);
  const span = max > 0 ? max : 1;
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const point = (v: number, i: number) => {
    const x = values.length > 1 ? pad + i * step : width / 2;
    const y = height - pad - ((Number.isFinite(v) ? v : 0) / span) * (height - 2 * pad);
    return `${round(x)},${round(y)}`;
  };
  return values.map((v, i) => `${i === 0 ? 'M' : 'L'}${point(v, i)}`).join(' ');
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * A tiny trend line drawn as SVG (no Chart.js: lists of campaigns stay light). Decorative unless given a
 * label; the numbers it sums up must be in the text beside it.
 */
@Component({
  selector: 'sl-sparkline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg
      [attr.viewBox]="'0 0 ' + width() + ' ' + height()"
      [attr.width]="width()"
      [attr.height]="height()"
      [attr.role]="label() ? 'img' : null"
      [attr.aria-label]="label() || null"
      [attr.aria-hidden]="label() ? null : 'true'"
      focusable="false"
    >
      <line class="base" x1="0" [attr.x2]="width()" [attr.y1]="height() - 1" [attr.y2]="height() - 1" />
      <path [attr.d]="path()" [attr.stroke]="color()" />
    </svg>
  `,
  styles: `
    :host {
      display: inline-block;
      line-height: 0;
    }
    path {
      fill: none;
      stroke-width: 2;
      stroke-linecap: round;
      stroke-linejoin: round;
    }
    .base {
      stroke: #dcd8ea;
      stroke-width: 1;
    }
  `,
})
export class Sparkline {
  readonly values = input.required<readonly number[]>();
  readonly width = input(96);
  readonly height = input(28);
  readonly color = input('#5b3fd1');
  readonly label = input('');

  protected readonly path = computed(() => sparklinePath(this.values(), this.width(), this.height()));
}
