import { formatBytes } from './format-bytes';

describe('formatBytes', () => {
  it('says the limit in words', () => {
    expect(formatBytes(104_857_600)).toBe('100 MB');
    expect(formatBytes(1_536)).toBe('1.5 KB');
    expect(formatBytes(1_073_741_824)).toBe('1 GB');
    expect(formatBytes(500)).toBe('500 bytes');
  });
});
