/** Whether the reader asked the system for less motion (charts then draw without animation). */
export function prefersReducedMotion(view: Window | null | undefined): boolean {
  try {
    return !!view?.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  } catch {
    return false;
  }
}
