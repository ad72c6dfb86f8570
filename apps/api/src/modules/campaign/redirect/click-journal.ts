import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ClickRow } from './click-buffer';

/** Journals of this process that are open now (several apps may run in one process, as in tests). */
const OPEN_HERE = new Set<string>();

/** One click as one line: a JSON array, in ClickRow's field order (time as epoch milliseconds). */
export function encodeClick(row: ClickRow): string {
  return `${JSON.stringify([
    row.id,
    row.linkId,
    row.campaignId,
    row.clickedAt.getTime(),
    row.visitorId,
    row.ipHash,
    row.userAgent,
    row.referrer,
    row.utmSource,
    row.utmMedium,
    row.utmCampaign,
    row.utmContent,
    row.utmTerm,
    row.isBot ? 1 : 0,
    row.isHead ? 1 : 0,
    row.listenerId,
  ])}\n`;
}

function decodeClick(line: string): ClickRow | undefined {
  try {
    const f = JSON.parse(line) as unknown[];
    if (!Array.isArray(f) || f.length !== 16 || typeof f[0] !== 'string' || typeof f[3] !== 'number') {
      return undefined;
    }
    return {
      id: f[0],
      linkId: f[1] as string,
      campaignId: f[2] as string,
      clickedAt: new Date(f[3]),
      visitorId: f[4] as string,
      ipHash: f[5] as string,
      userAgent: f[6] as string | null,
      referrer: f[7] as string | null,
      utmSource: f[8] as string | null,
      utmMedium: f[9] as string | null,
      utmCampaign: f[10] as string | null,
      utmContent: f[11] as string | null,
      utmTerm: f[12] as string | null,
      isBot: f[13] === 1,
      isHead: f[14] === 1,
      listenerId: f[15] as string | null,
    };
  } catch {
    return undefined; // the tail of a write cut short
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The click journal: every click the redirect records is appended here (one `write` per event-loop turn,
 * before that turn's 302s are sent) until its batch is committed to the database. No fsync: what a process
 * wrote is in the kernel's page cache and survives the process (kill -9, OOM); only a crash of the machine
 * itself can lose the last seconds.
 *
 * Layout: `DATA_DIR/click-journal/<instance>/` per running process, with `owner.json` (pid, host) and numbered
 * segments `<n>.jsonl`. Each flush of the click buffer starts a new segment; once every click that was waiting
 * when it started is committed, the segments before it are deleted. So the journal holds about what the
 * buffer holds (bounded by CLICK_BUFFER_MAX_BYTES) plus the batch being written. At start, the journals of
 * processes that are gone (same host, pid not running, or this very pid reused) are read back and their clicks
 * written again: click ids are the rows' keys, so a click that was committed already is skipped.
 */
export class ClickJournal {
  private readonly root: string;
  private readonly dir: string;
  private readonly instance = randomUUID();
  private fd?: number;
  private seq = 0;
  /** Segments of this instance still on disk. */
  private segments: number[] = [];
  /** Journals of dead processes whose clicks were read back: deleted once those clicks are committed. */
  private adopted: string[] = [];

  constructor(dataDir: string) {
    this.root = join(dataDir, 'click-journal');
    this.dir = join(this.root, this.instance);
  }

  /** Creates this process's journal; returns the clicks left in the journals of dead processes, in order. */
  open(): ClickRow[] {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(this.dir, 'owner.json'), JSON.stringify({ pid: process.pid, host: hostname() }));
    OPEN_HERE.add(this.instance);
    const rows: ClickRow[] = [];
    for (const name of readdirSync(this.root).sort()) {
      if (name === this.instance || OPEN_HERE.has(name)) continue;
      const dir = join(this.root, name);
      let owner: { pid?: number; host?: string } = {};
      try {
        owner = JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8')) as typeof owner;
      } catch {
        // no owner file: a process that died while creating its journal
      }
      if (owner.host !== undefined && owner.host !== hostname()) continue; // another machine's: not ours to judge
      if (owner.pid !== undefined && owner.pid !== process.pid && isAlive(owner.pid)) continue;
      let segments: string[] = [];
      try {
        segments = readdirSync(dir).filter((file) => /^\d+\.jsonl$/.test(file));
      } catch {
        continue;
      }
      segments.sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
      for (const segment of segments) {
        for (const line of readFileSync(join(dir, segment), 'utf8').split('\n')) {
          const row = line ? decodeClick(line) : undefined;
          if (row) rows.push(row);
        }
      }
      this.adopted.push(dir);
    }
    return rows;
  }

  /** Appends clicks with one write. Throws what the file system throws (the caller counts and logs it). */
  append(rows: readonly ClickRow[]): void {
    let text = '';
    for (const row of rows) text += encodeClick(row);
    if (this.fd === undefined) {
      this.fd = openSync(join(this.dir, `${this.seq}.jsonl`), 'a', 0o600);
      this.segments.push(this.seq);
    }
    writeSync(this.fd, text);
  }

  /** Starts a new segment; returns the number of the last one, for `release` once its clicks are committed. */
  rotate(): number {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    return this.seq++;
  }

  /** Every click in segments up to `seq` (and in the journals read back at start) is committed: delete them. */
  release(seq: number): void {
    const kept: number[] = [];
    for (const n of this.segments) {
      if (n > seq) {
        kept.push(n);
        continue;
      }
      try {
        unlinkSync(join(this.dir, `${n}.jsonl`));
      } catch {
        // already gone
      }
    }
    this.segments = kept;
    for (const dir of this.adopted) rmSync(dir, { recursive: true, force: true });
    this.adopted = [];
  }

  /** Stops writing. `committed`: nothing is waiting, so the journal is removed; else it stays to be replayed. */
  close(committed: boolean): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    OPEN_HERE.delete(this.instance);
    if (committed) {
      this.release(Number.MAX_SAFE_INTEGER);
      rmSync(this.dir, { recursive: true, force: true });
    } else {
      // Whoever starts next on this DATA_DIR replays it, this process included.
      writeFileSync(join(this.dir, 'owner.json'), JSON.stringify({ host: hostname() }));
    }
  }
}
