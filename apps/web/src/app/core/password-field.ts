import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { ControlContainer, ReactiveFormsModule } from '@angular/forms';
import type { PasswordRule } from '@soundlink/domain';

/**
 * A password field of a reactive form (sign-in, registration, password change and reset): its label, the
 * input bound to the parent form's `name` control, optionally a Show toggle, the field's error and the
 * checklist of password rules. Used on the form's field element, `<div class="sl-field" slPasswordField>`,
 * so the form's layout is the same as for its other fields. Ids: the input is `fieldId`, its error
 * `fieldId-error`, its rules `fieldId-rules`.
 */
@Component({
  // An attribute on the form's own field element: the field keeps the layout of the form's other fields.
  // eslint-disable-next-line @angular-eslint/component-selector
  selector: 'div[slPasswordField]',
  imports: [NgTemplateOutlet, ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The input joins the form group of the form it sits in.
  viewProviders: [
    { provide: ControlContainer, useFactory: () => inject(ControlContainer, { skipSelf: true }) },
  ],
  template: `
    <label class="sl-label" [for]="fieldId()">{{ label() }}</label>
    @if (revealable()) {
      <div class="password-row">
        <ng-container [ngTemplateOutlet]="field" />
        <button
          type="button"
          class="sl-button sl-button--ghost sl-button--small"
          [attr.aria-pressed]="visible()"
          [attr.aria-controls]="fieldId()"
          (click)="toggle()"
        >
          Show<span class="sl-visually-hidden"> password</span>
        </button>
      </div>
    } @else {
      <ng-container [ngTemplateOutlet]="field" />
    }
    <ng-template #field>
      <input
        class="sl-input"
        [id]="fieldId()"
        [type]="visible() ? 'text' : 'password'"
        [formControlName]="name()"
        [attr.formControlName]="name()"
        [attr.autocomplete]="autocomplete()"
        [attr.maxlength]="maxLength()"
        [attr.aria-invalid]="invalid() ? 'true' : null"
        [attr.aria-describedby]="describedBy()"
      />
    </ng-template>
    @if (invalid()) {
      <p class="sl-field-error" [id]="fieldId() + '-error'">{{ error() }}</p>
    }
    @if (rules(); as list) {
      <ul class="rules" [id]="fieldId() + '-rules'" aria-label="Password rules">
        @for (rule of list; track rule.id) {
          <li class="rule" [class.rule--met]="rule.met">
            <span class="rule__icon" aria-hidden="true">{{ rule.met ? '✓' : '' }}</span>
            <span>
              {{ rule.label
              }}<span class="sl-visually-hidden">{{ rule.met ? ' (met)' : ' (not met yet)' }}</span>
            </span>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    .password-row {
      display: flex;
      gap: var(--sl-space-2);
      align-items: center;
    }
    .password-row .sl-button {
      flex: none;
    }
    .rules {
      display: grid;
      gap: var(--sl-space-1);
      margin: var(--sl-space-1) 0 0;
      padding: 0;
      list-style: none;
      font-size: var(--sl-text-sm);
    }
    .rule {
      display: flex;
      gap: var(--sl-space-2);
      align-items: baseline;
      color: var(--sl-color-text-muted);
    }
    .rule__icon {
      display: inline-grid;
      flex: none;
      place-items: center;
      width: 1.1rem;
      height: 1.1rem;
      border: 2px solid currentcolor;
      border-radius: 50%;
      font-size: 0.7rem;
      font-weight: 800;
      line-height: 1;
    }
    .rule--met {
      color: var(--sl-color-success);
    }
  `,
})
export class PasswordField {
  /** The control's name in the parent form group. */
  readonly name = input.required<string>();
  readonly fieldId = input.required<string>();
  readonly label = input.required<string>();
  readonly autocomplete = input<'current-password' | 'new-password'>('current-password');
  readonly maxLength = input<number | null>(null);
  /** Offers a Show button that reveals what was typed. */
  readonly revealable = input(false);
  /** Whether the field's error shows (the form decides: touched, or submitted). */
  readonly invalid = input(false);
  readonly error = input('');
  /** The rules of a new password, each with whether it is met; no checklist when null. */
  readonly rules = input<readonly PasswordRule[] | null>(null);

  protected readonly visible = signal(false);
  protected readonly describedBy = computed(() => {
    const ids = [
      ...(this.invalid() ? [`${this.fieldId()}-error`] : []),
      ...(this.rules() ? [`${this.fieldId()}-rules`] : []),
    ];
    return ids.length ? ids.join(' ') : null;
  });

  protected toggle(): void {
    this.visible.update((visible) => !visible);
  }
}
