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
import type { ClickRow } from '../clicks.repository';

/** Journals of this process that are open now (several apps may run in one process, as in tests). */
const OPEN_HERE = new Set<string>();

const UNSAFE = /[\t\n\r\\]/;
const UNSAFE_ALL = /[\t\n\r\\]/g;
const escapeChar = (c: string) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\\\');
const ESCAPED = /\\([tnr\\])/g;
const unescapeChar = (_: string, c: string) =>
  c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : '\\';

/** A text value in a line: tab, newline, carriage return and backslash escaped; null as \N. */
function text(value: string | null): string {
  if (value === null) return '\\N';
  return UNSAFE.test(value) ? value.replace(UNSAFE_ALL, escapeChar) : value;
}

function untext(value: string): string | null {
  return value === '\\N' ? null : value.replace(ESCAPED, unescapeChar);
}

/**
 * One click as one line of tab-separated values, in ClickRow's field order (time as epoch milliseconds).
 * Plain concatenation: about half the cost of JSON.stringify on the redirect's event loop (bench/RESULTS.md).
 */
export function encodeClick(r: ClickRow): string {
  return `${r.id}\t${r.linkId}\t${r.campaignId}\t${r.clickedAt.getTime()}\t${r.visitorId}\t${r.ipHash}\t${text(r.userAgent)}\t${text(r.referrer)}\t${text(r.utmSource)}\t${text(r.utmMedium)}\t${text(r.utmCampaign)}\t${text(r.utmContent)}\t${text(r.utmTerm)}\t${r.isBot ? 1 : 0}\t${r.isHead ? 1 : 0}\t${text(r.listenerId)}\n`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The click of a line; undefined for a line cut short by a crash mid-write (or anything else malformed). */
export function decodeClick(line: string): ClickRow | undefined {
  const fields = line.split('\t');
  if (fields.length !== 16) return undefined;
  const [
    id,
    linkId,
    campaignId,
    at,
    visitorId,
    ipHash,
    ua,
    ref,
    source,
    medium,
    campaign,
    content,
    term,
    bot,
    head,
    listener,
  ] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!UUID.test(id) || !/^\d+$/.test(at) || !/^[01]$/.test(bot) || !/^[01]$/.test(head)) return undefined;
  const listenerId = untext(listener);
  if (listenerId !== null && !UUID.test(listenerId)) return undefined;
  return {
    id,
    linkId,
    campaignId,
    clickedAt: new Date(Number(at)),
    visitorId,
    ipHash,
    userAgent: untext(ua),
    referrer: untext(ref),
    utmSource: untext(source),
    utmMedium: untext(medium),
    utmCampaign: untext(campaign),
    utmContent: untext(content),
    utmTerm: untext(term),
    isBot: bot === '1',
    isHead: head === '1',
    listenerId,
  };
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
 * segments `<n>.tsv`. Each flush of the click buffer starts a new segment; once every click that was waiting
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
        segments = readdirSync(dir).filter((file) => /^\d+\.tsv$/.test(file));
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
      this.fd = openSync(join(this.dir, `${this.seq}.tsv`), 'a', 0o600);
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
        unlinkSync(join(this.dir, `${n}.tsv`));
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
