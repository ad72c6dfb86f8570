import type { Page } from 'playwright-core';

/** The number in one step of the campaign dashboard's funnel ("Clicks", "Connects", …), as the owner reads it. */
export async function funnelValue(page: Page, label: string): Promise<number> {
  const step = page.locator('.funnel__step', {
    has: page.locator('.funnel__label', { hasText: new RegExp(`^${label}$`) }),
  });
  return Number((await step.locator('.funnel__value').innerText()).replace(/,/g, ''));
}

/** Waits until a funnel step shows at least `atLeast` (live updates, no reload). */
export async function waitForFunnelStep(page: Page, label: string, atLeast: number, timeout = 30_000) {
  await page.waitForFunction(
    ([name, min]) => {
      const steps = Array.from(document.querySelectorAll('.funnel__step'));
      const match = steps.find((s) => s.querySelector('.funnel__label')?.textContent?.trim() === name);
      return (
        Number(match?.querySelector('.funnel__value')?.textContent?.replace(/,/g, '') ?? -1) >=
        (min as number)
      );
    },
    [label, atLeast] as const,
    { timeout },
  );
}

/** Sets a marker on the page's window: still there later means the document was not reloaded. */
export async function markDocument(page: Page): Promise<number> {
  return page.evaluate(() => ((window as unknown as { __marker: number }).__marker = Date.now()));
}

export async function documentMarker(page: Page): Promise<number | undefined> {
  return page.evaluate(() => (window as unknown as { __marker?: number }).__marker);
}
