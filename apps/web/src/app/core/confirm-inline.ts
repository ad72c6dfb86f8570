import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

/**
 * The inline "are you sure?" step of a destructive action in a table row: a question, the action button
 * (disabled and relabelled while the request runs) and Cancel. The host page decides when to show it and
 * moves focus: to `.cancel` when asking, back to the row's first button when the step closes.
 */
@Component({
  selector: 'sl-confirm-inline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'confirm', role: 'group', '[attr.aria-label]': 'label()' },
  template: `
    <span class="confirm__text">{{ question() }}</span>
    <button
      type="button"
      class="sl-button sl-button--danger sl-button--small"
      [disabled]="busy()"
      (click)="confirmed.emit()"
    >
      {{ busy() ? busyLabel() : confirmLabel() }}
    </button>
    <button
      type="button"
      class="sl-button sl-button--ghost sl-button--small cancel"
      (click)="cancelled.emit()"
    >
      Cancel
    </button>
  `,
  styles: `
    :host {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: flex-end;
      gap: var(--sl-space-2);
    }

    .confirm__text {
      color: var(--sl-color-danger-text);
      font-size: var(--sl-text-sm);
      font-weight: 600;
    }

    @media (max-width: 40rem) {
      :host {
        justify-content: flex-start;
      }
    }
  `,
})
export class ConfirmInline {
  /** The group's accessible name, e.g. "Revoke Reporting?". */
  readonly label = input.required<string>();
  readonly question = input.required<string>();
  readonly confirmLabel = input.required<string>();
  readonly busyLabel = input.required<string>();
  readonly busy = input(false);

  readonly confirmed = output<void>();
  readonly cancelled = output<void>();
}
