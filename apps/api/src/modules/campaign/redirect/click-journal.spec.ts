import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickRow } from '../clicks.repository';
import { ClickJournal, decodeClick, encodeClick } from './click-journal';

const click = (n: number, values: Partial<ClickRow> = {}): ClickRow => ({
  id: `0193a000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  linkId: '0193a000-0000-7000-8000-00000000000a',
  campaignId: '0193a000-0000-7000-8000-00000000000b',
  clickedAt: new Date(1_765_000_000_000 + n),
  visitorId: '0193a000-0000-7000-8000-00000000000c',
  ipHash: 'f'.repeat(32),
  userAgent: 'Mozilla/5.0',
  referrer: null,
  utmSource: null,
  utmMedium: null,
  utmCampaign: null,
  utmContent: null,
  utmTerm: null,
  isBot: false,
  isHead: false,
  listenerId: null,
  ...values,
});

describe('the click journal', () => {
  it('writes any value a click can hold and reads it back unchanged', () => {
    const nasty = click(1, {
      userAgent: 'tab\there',
      referrer: 'https://x.example/?a=\\N',
      utmSource: 'line\nbreak\r\n',
      utmMedium: '\\',
      utmCampaign: '\\N',
      utmContent: 'ünïcødé 🎵',
      utmTerm: '',
      isBot: true,
      isHead: true,
      listenerId: '0193a000-0000-7000-8000-00000000000d',
    });
    const line = encodeClick(nasty);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(decodeClick(line.slice(0, -1))).toEqual(nasty);
    expect(decodeClick(encodeClick(click(2)).slice(0, -1))).toEqual(click(2));
  });

  it('replays the clicks a dead process left, skipping a line cut short, and deletes them once released', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'journal-'));
    try {
      const dead = join(dataDir, 'click-journal', 'dead-process');
      const line = (n: number) => encodeClick(click(n));
      mkdirSync(dead, { recursive: true });
      writeFileSync(
        join(dead, 'owner.json'), // A pid above Linux's maximum (2^22): no such process.
        JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname() }),
      );
      writeFileSync(join(dead, '0.tsv'), line(1) + line(2));
      writeFileSync(join(dead, '1.tsv'), line(3) + line(4).slice(0, 50));

      const journal = new ClickJournal(dataDir);
      expect(journal.open().map((row) => row.id)).toEqual([click(1).id, click(2).id, click(3).id]);
      journal.append([click(5)]);
      const seq = journal.rotate();
      journal.append([click(6)]);
      journal.release(seq);
      expect(readdirSync(join(dataDir, 'click-journal')).length).toBe(1); // the dead one is gone
      journal.close(false);
      // Left for the next start: click 6 was never released.
      const next = new ClickJournal(dataDir);
      expect(next.open().map((row) => row.id)).toEqual([click(6).id]);
      next.close(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
