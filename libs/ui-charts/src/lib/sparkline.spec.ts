import { TestBed } from '@angular/core/testing';
import { Sparkline, sparklinePath } from './sparkline';

describe('sparkline', () => {
  it('runs from the left edge to the right edge, the highest value at the top', () => {
    expect(sparklinePath([0, 5, 10], 100, 20, 0)).toBe('M0,20 L50,10 L100,0');
  });

  it('draws a flat line at the bottom when every value is zero, and nothing without values', () => {
    expect(sparklinePath([0, 0], 10, 10, 1)).toBe('M1,9 L9,9');
    expect(sparklinePath([], 10, 10)).toBe('');
    expect(sparklinePath([3], 10, 10, 0)).toBe('M5,0');
  });

  it('is hidden from screen readers unless labelled', async () => {
    const fixture = TestBed.createComponent(Sparkline);
    fixture.componentRef.setInput('values', [1, 2, 3]);
    await fixture.whenStable();
    const svg = fixture.nativeElement.querySelector('svg') as SVGElement;
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    fixture.componentRef.setInput('label', 'Clicks, last 7 days: 6');
    await fixture.whenStable();
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Clicks, last 7 days: 6');
    expect(svg.querySelector('path')?.getAttribute('d')).toMatch(/^M/);
  });
});
