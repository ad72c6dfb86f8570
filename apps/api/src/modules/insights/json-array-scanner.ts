import { HistoryInvalidError } from './streaming-history.errors';

/** One entry is a few hundred bytes; anything this large is not an entry of the history. */
const MAX_ENTRY_CHARS = 64 * 1024;

const WS = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Cuts a JSON array of objects into its entries as text arrives, and hands each parsed entry on. Only the
 * entry being read is held; a malformed entry is named by its index.
 */
export class JsonArrayScanner {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private state: 'start' | 'value' | 'after' | 'end' = 'start';
  /** After a comma a value must follow (no trailing commas). */
  private needValue = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private pending = '';
  private index = 0;
  private ended = false;

  constructor(
    readonly file: string,
    private readonly onEntry: (value: unknown, index: number) => void,
  ) {}

  get complete(): boolean {
    return this.ended;
  }

  push(bytes: Uint8Array): void {
    let text: string;
    try {
      text = this.decoder.decode(bytes, { stream: true });
    } catch {
      throw new HistoryInvalidError(this.file, null, null, 'is not UTF-8 text');
    }
    this.scan(text);
  }

  end(): void {
    try {
      this.scan(this.decoder.decode());
    } catch (error) {
      if (error instanceof HistoryInvalidError) throw error;
      throw new HistoryInvalidError(this.file, null, null, 'is not UTF-8 text');
    }
    if (this.state === 'start') throw new HistoryInvalidError(this.file, null, null, 'is empty');
    if (this.state !== 'end') {
      throw new HistoryInvalidError(
        this.file,
        this.state === 'value' ? this.index : null,
        null,
        'ends before the closing ] of the array (the file is cut short)',
      );
    }
    this.ended = true;
  }

  private scan(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      switch (this.state) {
        case 'start':
          if (WS(c) || c === 0xfeff) continue;
          if (c !== 0x5b /* [ */) {
            throw new HistoryInvalidError(this.file, null, null, 'is not a JSON array of plays');
          }
          this.state = 'after';
          this.needValue = true;
          continue;
        case 'after':
          if (WS(c)) continue;
          if (c === 0x7b /* { */) {
            if (!this.needValue) {
              throw new HistoryInvalidError(this.file, this.index, null, 'is not separated by a comma');
            }
            this.state = 'value';
            this.depth = 1;
            this.needValue = false;
            start = i;
            continue;
          }
          if (c === 0x2c /* , */ && !this.needValue) {
            this.needValue = true;
            continue;
          }
          if (c === 0x5d /* ] */ && (!this.needValue || this.index === 0)) {
            this.state = 'end';
            continue;
          }
          throw new HistoryInvalidError(
            this.file,
            this.index,
            null,
            this.needValue ? 'is not an object' : 'is not followed by a comma or the closing ]',
          );
        case 'value':
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (c === 0x5c /* \ */) this.escaped = true;
            else if (c === 0x22 /* " */) this.inString = false;
            continue;
          }
          if (c === 0x22) this.inString = true;
          else if (c === 0x7b || c === 0x5b) this.depth++;
          else if (c === 0x7d || c === 0x5d) {
            this.depth--;
            if (this.depth === 0) {
              const raw = this.pending + text.slice(start, i + 1);
              this.pending = '';
              this.emit(raw);
              this.state = 'after';
            }
          }
          continue;
        case 'end':
          if (WS(c)) continue;
          throw new HistoryInvalidError(this.file, null, null, 'has more after the closing ] of the array');
      }
    }
    if (this.state === 'value') {
      this.pending += text.slice(start);
      if (this.pending.length > MAX_ENTRY_CHARS) {
        throw new HistoryInvalidError(this.file, this.index, null, 'is too large to be a play');
      }
    }
  }

  private emit(raw: string): void {
    if (raw.length > MAX_ENTRY_CHARS) {
      throw new HistoryInvalidError(this.file, this.index, null, 'is too large to be a play');
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new HistoryInvalidError(
        this.file,
        this.index,
        null,
        `is not valid JSON (${(error as Error).message.replace(/\s+in JSON at position \d+.*$/, '')})`,
      );
    }
    this.onEntry(value, this.index);
    this.index++;
  }
}
