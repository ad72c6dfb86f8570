import type { ComponentFixture } from '@angular/core/testing';

/** Lets pending promises (fake API answers) and the change detection they schedule run. */
export async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  }
}

/** Types into a field the way a user does: an input event, then leaving the field. */
export function type(root: ParentNode, selector: string, value: string): void {
  const input = root.querySelector<HTMLInputElement>(selector);
  if (!input) throw new Error(`No field ${selector}`);
  input.value = value;
  input.dispatchEvent(new Event('input'));
  input.dispatchEvent(new Event('blur'));
}

export function text(el: Element | null | undefined): string {
  return el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

export function button(root: ParentNode, name: string | RegExp): HTMLButtonElement {
  const match = Array.from(root.querySelectorAll('button')).find((b) =>
    typeof name === 'string' ? text(b) === name : name.test(text(b)),
  );
  if (!match) throw new Error(`No button ${name}`);
  return match;
}

/** The error text a field points at with aria-describedby. */
export function describedErrors(root: ParentNode, selector: string): string {
  const input = root.querySelector(selector);
  const ids = input?.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids
    .map((id) => root.querySelector(`#${id}`))
    .filter((el) => el?.classList.contains('sl-field-error'))
    .map(text)
    .join(' ');
}
