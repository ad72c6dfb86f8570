import { readFileSync } from 'node:fs';
import type { ConsoleMessage, Locator, Page } from 'playwright-core';

/** axe-core's browser build (devDependency), read once. */
let axeSource: string | undefined;
const AXE_PATH = require.resolve('axe-core/axe.min.js');

/** The WCAG 2.0 and 2.1 A/AA rules; best-practice rules (landmarks, heading order) are opted into per call. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

export interface AxeOptions {
  /** CSS selectors axe leaves out (e.g. third-party widgets); each exclusion wants a reason beside it. */
  exclude?: string[];
  /** Tags to run; default AXE_TAGS plus best-practice. */
  tags?: readonly string[];
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string; html: string }>;
}

/**
 * Runs axe-core on the page as it is now and answers its violations, one readable line block each.
 * axe is injected with `page.evaluate` rather than `page.addScriptTag`: the product's Content-Security-Policy
 * (rightly) refuses inline scripts, and the specs keep the real CSP on so a violation of it shows up as an error.
 * Motion is reduced first, and running transitions are let finish, so no colour is caught half-way (and the
 * reduced-motion styles get exercised).
 */
export async function axeViolations(page: Page, options: AxeOptions = {}): Promise<string[]> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  // A transition that started before (e.g. a button's colours as it is enabled again) runs to its end first.
  await page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)))
          .map((a) => a.finished.catch(() => undefined)),
      ),
      new Promise((resolve) => setTimeout(resolve, 2_000)),
    ]),
  );
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) {
    axeSource ??= readFileSync(AXE_PATH, 'utf8');
    await page.evaluate(axeSource);
  }
  const tags = options.tags ?? [...AXE_TAGS, 'best-practice'];
  const violations = await page.evaluate(
    async ({ tags, exclude }) => {
      const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } }).axe;
      const context = exclude.length ? { include: [document], exclude: exclude.map((s) => [s]) } : document;
      const result = (await axe.run(context, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      })) as { violations: AxeViolation[] };
      return result.violations;
    },
    { tags: [...tags], exclude: options.exclude ?? [] },
  );
  return violations.map((v) => {
    const nodes = v.nodes
      .slice(0, 5)
      .map((n) => {
        const why = (n.failureSummary ?? '').replace(/\s+/g, ' ').trim();
        return `    - ${n.target.join(' ')}: ${why}\n      ${n.html.slice(0, 160)}`;
      })
      .join('\n');
    const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '';
    return `[${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
  });
}

/** Fails with the list of axe violations (WCAG 2.x A/AA and best practice) on the page as it is now. */
export async function expectNoAxeViolations(
  page: Page,
  context: string,
  options?: AxeOptions,
): Promise<void> {
  const found = await axeViolations(page, options);
  if (found.length) {
    throw new Error(
      `axe found ${found.length} accessibility violation(s) on ${context} (${page.url()}):\n\n${found.join('\n\n')}`,
    );
  }
}

/**
 * Fails when the page scrolls sideways at `width` px (a phone is 375): names the widest offenders.
 * Resizes the viewport for the check and puts it back afterwards.
 */
export async function expectNoHorizontalOverflow(page: Page, context: string, width = 375): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width, height: before?.height ?? 800 });
  try {
    // Two frames: one for the resize to lay out, one for anything that reacts to it. Charts resize from a
    // ResizeObserver a few frames later on a busy machine: allow the page up to 2 s to settle.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    await page
      .waitForFunction((limit) => document.documentElement.scrollWidth <= limit, width, { timeout: 2_000 })
      .catch(() => undefined);
    const { scrollWidth, offenders } = await page.evaluate((limit) => {
      const describe = (el: Element) =>
        el.tagName.toLowerCase() +
        (el.id ? `#${el.id}` : '') +
        Array.from(el.classList, (c) => `.${c}`).join('');
      // Boxes that stick out and are not clipped by an ancestor (a scroll area, a visually hidden table head).
      const clipped = (el: Element) => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          const style = getComputedStyle(a);
          if (style.overflowX !== 'visible' || style.clip !== 'auto') return true;
        }
        return false;
      };
      const offenders = Array.from(document.body.querySelectorAll('*'))
        .filter((el) => el.getBoundingClientRect().right > limit + 0.5 && el.checkVisibility())
        .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= limit + 0.5)
        .filter((el) => !clipped(el))
        .slice(0, 8)
        .map((el) => `${describe(el)} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`);
      return { scrollWidth: document.documentElement.scrollWidth, offenders };
    }, width);
    if (scrollWidth > width) {
      throw new Error(
        `${context} (${page.url()}) is ${scrollWidth} px wide at a ${width} px viewport; widest elements:\n  ` +
          offenders.join('\n  '),
      );
    }
  } finally {
    if (before) await page.setViewportSize(before);
  }
}

/**
 * The checks every browser spec makes on every page it visits: no axe violations at desktop width, none at
 * 375 px, and no sideways scrolling at 375 px.
 */
export async function expectPageAccessible(page: Page, context: string, options?: AxeOptions): Promise<void> {
  await expectNoAxeViolations(page, context, options);
  const before = page.viewportSize();
  await page.setViewportSize({ width: 375, height: before?.height ?? 800 });
  try {
    await expectNoHorizontalOverflow(page, `${context} at 375 px`);
    await expectNoAxeViolations(page, `${context} at 375 px`, options);
  } finally {
    if (before) await page.setViewportSize(before);
  }
}

/** Collects console errors and uncaught exceptions, prefixed with the page's URL. */
export function watchConsoleErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  return problems;
}

/**
 * Waits until the element holds the keyboard focus. The app moves focus after its next render, so a check
 * made right after a key press races it; this fails after `timeout` when the focus never arrives.
 */
export async function waitForFocus(locator: Locator, timeout = 5_000): Promise<void> {
  const element = await locator.elementHandle({ timeout });
  if (!element) throw new Error(`waitForFocus: ${locator} is not on the page`);
  try {
    await locator.page().waitForFunction((el) => el === document.activeElement, element, { timeout });
  } catch {
    const focused = await locator
      .page()
      .evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? 'nothing');
    throw new Error(
      `waitForFocus: ${locator} did not get the focus within ${timeout} ms; focused: ${focused}`,
    );
  } finally {
    await element.dispose();
  }
}
