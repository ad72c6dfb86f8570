import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { CampaignStatus, STATUS_LABELS } from './campaign-model';

/** A campaign's status as a coloured pill; the word carries the meaning, the colour only supports it. */
@Component({
  selector: 'sl-status-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="sl-badge status status--{{ status() }}">{{ label() }}</span>`,
  styles: `
    .status {
      border: 1px solid transparent;
    }
    .status--active {
      background: var(--sl-color-success-soft);
      color: var(--sl-color-success);
    }
    .status--paused {
      background: #fdf3dc;
      color: #7a4b00;
    }
    .status--draft {
      background: var(--sl-color-surface-muted);
      color: var(--sl-color-text-muted);
    }
    .status--ended {
      background: var(--sl-color-accent-soft);
      color: var(--sl-color-accent-strong);
    }
    .status--archived {
      background: transparent;
      border-color: var(--sl-color-border);
      color: var(--sl-color-text-muted);
    }
  `,
})
export class StatusBadge {
  readonly status = input.required<CampaignStatus>();
  protected readonly label = computed(() => STATUS_LABELS[this.status()]);
}
