import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { passwordRules } from '@soundlink/domain';
import { button, settle, text, type } from '../../testing/dom';
import { focusField } from './forms';
import { PasswordField } from './password-field';

@Component({
  imports: [ReactiveFormsModule, PasswordField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form">
      <div
        class="sl-field"
        slPasswordField
        name="password"
        fieldId="pw"
        label="Password"
        autocomplete="new-password"
        [maxLength]="200"
        [revealable]="revealable()"
        [invalid]="invalid()"
        error="Choose a password."
        [rules]="rules()"
      ></div>
    </form>
  `,
})
class Host {
  readonly form = new FormGroup({ password: new FormControl('', { nonNullable: true }) });
  readonly revealable = signal(true);
  readonly invalid = signal(false);
  readonly rules = signal<ReturnType<typeof passwordRules> | null>(null);
}

async function render() {
  const fixture = TestBed.createComponent(Host);
  document.body.appendChild(fixture.nativeElement);
  fixture.detectChanges();
  await settle(fixture);
  const el = fixture.nativeElement as HTMLElement;
  return { fixture, el, input: () => el.querySelector<HTMLInputElement>('#pw')! };
}

describe('PasswordField', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('binds a labelled input to the form control, findable by its control name', async () => {
    const { fixture, el, input } = await render();
    expect(el.querySelector('label[for=pw]')?.textContent?.trim()).toBe('Password');
    expect(input().getAttribute('autocomplete')).toBe('new-password');
    expect(input().getAttribute('maxlength')).toBe('200');
    type(el, '#pw', 'a passphrase');
    expect(fixture.componentInstance.form.getRawValue().password).toBe('a passphrase');
    focusField(el, 'password');
    expect(document.activeElement).toBe(input());
  });

  it('reveals what was typed with its Show button, which says whether it is pressed', async () => {
    const { fixture, el, input } = await render();
    expect(input().type).toBe('password');
    const show = button(el, 'Show password');
    expect(show.getAttribute('aria-controls')).toBe('pw');
    expect(show.getAttribute('aria-pressed')).toBe('false');
    show.click();
    await settle(fixture);
    expect(input().type).toBe('text');
    expect(show.getAttribute('aria-pressed')).toBe('true');

    fixture.componentInstance.revealable.set(false);
    await settle(fixture);
    expect(el.querySelector('button')).toBeNull();
    expect(el.querySelector('#pw')).not.toBeNull();
  });

  it('points at its error and its rules, which say which are met', async () => {
    const { fixture, el, input } = await render();
    expect(input().getAttribute('aria-describedby')).toBeNull();
    expect(input().getAttribute('aria-invalid')).toBeNull();

    fixture.componentInstance.invalid.set(true);
    fixture.componentInstance.rules.set(passwordRules('password123', 'maya@label.example'));
    await settle(fixture);
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(input().getAttribute('aria-describedby')).toBe('pw-error pw-rules');
    expect(text(el.querySelector('#pw-error'))).toBe('Choose a password.');
    const rules = Array.from(el.querySelectorAll('#pw-rules li')).map((li) => [
      li.classList.contains('rule--met'),
      text(li.lastElementChild),
    ]);
    expect(rules).toEqual([
      [true, 'At least 10 characters (met)'],
      [true, 'At least 4 different characters (met)'],
      [false, 'Not a common password like “password123” (not met yet)'],
      [true, 'Does not contain the name part of your email (met)'],
    ]);
  });
});
