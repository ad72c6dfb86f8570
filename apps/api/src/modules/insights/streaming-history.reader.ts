import { Unzip, UnzipFile, UnzipInflate } from 'fflate';

/**
 * Reads Spotify's extended streaming history (docs/insights.md) as it arrives: one JSON file, or the ZIP
 * of the privacy export. Chunk by chunk: the ZIP is inflated as a stream, and each JSON array is cut into
 * its entries without parsing the whole file at once, so a large upload never holds the event loop for
 * long and the first bad entry is reported with its file and index. Only the entry being read is held
 * (plus fflate's inflate window): each play is handed to `onPlay` and forgotten. No database, no Nest: pure.
 */

/** A track play to store: `startMs` = ts − ms_played (the history's `ts` is when playback ENDED). */
export interface HistoryPlay {
  startMs: number;
  trackId: string;
  msPlayed: number;
}

/** What the history says about a track: names only (it carries no artist or album ids). */
export interface HistoryTrack {
  id: string;
  name: string;
  artistName: string | null;
  albumName: string | null;
}

/**
 * What was read: counts only. The plays themselves go to `onPlay` as they are read and are not kept, so
 * memory does not grow with the file (repeated instants are left to the database's uniqueness).
 */
export interface HistoryReadResult {
  /** The JSON files read (for a ZIP: the Streaming_History_Audio_*.json files inside it). */
  fileNames: string[];
  uploadBytes: number;
  /** Every entry of every file. */
  entries: number;
  /** Track plays of 30 s or more (an instant repeated in the upload counts each time). */
  plays: number;
  podcasts: number;
  shortPlays: number;
  /** Entries with neither a track nor an episode (audiobooks, local files, videos). */
  other: number;
}

export interface HistoryReaderOptions {
  /** Name of the uploaded file (shown in errors about a single JSON upload). */
  fileName: string;
  maxBytes: number;
  maxUnzippedBytes: number;
  /** Entries after this instant are refused (a clock far in the future is not a real history). */
  now?: number;
  /** Each track play of 30 s or more, in reading order, with what the entry says of its track. */
  onPlay?: (play: HistoryPlay, track: HistoryTrack) => void;
}

/** The upload (or what its ZIP unpacks to) is over the limit. */
export class HistoryTooLargeError extends Error {
  constructor(
    readonly limitBytes: number,
    readonly what: 'upload' | 'unzipped',
  ) {
    super(`${what} over ${limitBytes} bytes`);
    this.name = 'HistoryTooLargeError';
  }
}

/** The upload is not an extended streaming history; `file` and `index` (0-based) say where. */
export class HistoryInvalidError extends Error {
  constructor(
    readonly file: string,
    readonly index: number | null,
    readonly field: string | null,
    readonly reason: string,
  ) {
    super(`${file}${index === null ? '' : `, entry ${index}`}: ${field ? `${field} ` : ''}${reason}`.trim());
    this.name = 'HistoryInvalidError';
  }
}

/** Spotify applies no filter; shorter plays are not counted as plays anywhere else either. */
export const MIN_PLAY_MS = 30_000;
/** One entry is a few hundred bytes; anything this large is not an entry of the history. */
const MAX_ENTRY_CHARS = 64 * 1024;
const EARLIEST_MS = Date.UTC(2006, 0, 1);

const TRACK_URI = /^spotify:track:([0-9A-Za-z]{22})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:?\d{2})$/;
const HISTORY_FILE = /^Streaming_History_Audio[^/]*\.json$/i;
const BASIC_HISTORY_FILE = /^StreamingHistory[^/]*\.json$/i;

export type HistoryEntry =
  | {
      kind: 'track';
      endMs: number;
      msPlayed: number;
      trackId: string;
      name: string | null;
      artistName: string | null;
      albumName: string | null;
    }
  | { kind: 'episode'; msPlayed: number }
  | { kind: 'other'; msPlayed: number };

const optionalString = (entry: Record<string, unknown>, key: string, file: string, index: number) => {
  const value = entry[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new HistoryInvalidError(file, index, key, 'must be a string or null');
  return value;
};

/** Validates one entry of an extended streaming history and says what it is. */
export function parseHistoryEntry(
  value: unknown,
  file: string,
  index: number,
  now = Date.now(),
): HistoryEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HistoryInvalidError(file, index, null, 'is not an object');
  }
  const entry = value as Record<string, unknown>;
  if (!('ts' in entry) && 'endTime' in entry) {
    throw new HistoryInvalidError(
      file,
      index,
      null,
      'is from the basic account-data history (endTime, trackName…), which names no tracks: request the ' +
        '“Extended streaming history” from Spotify’s privacy page and upload that',
    );
  }
  const ts = entry['ts'];
  if (typeof ts !== 'string' || !ISO_INSTANT.test(ts) || !Number.isFinite(Date.parse(ts))) {
    throw new HistoryInvalidError(
      file,
      index,
      'ts',
      'must be an ISO 8601 date-time such as 2024-03-01T18:04:12Z',
    );
  }
  const endMs = Date.parse(ts);
  if (endMs < EARLIEST_MS || endMs > now + 86_400_000) {
    throw new HistoryInvalidError(file, index, 'ts', 'is not a plausible time for a play');
  }
  const msPlayed = entry['ms_played'];
  if (typeof msPlayed !== 'number' || !Number.isInteger(msPlayed) || msPlayed < 0 || msPlayed > 2 ** 31 - 1) {
    throw new HistoryInvalidError(
      file,
      index,
      'ms_played',
      'must be a whole number of milliseconds (0 or more)',
    );
  }
  if (!('spotify_track_uri' in entry)) {
    throw new HistoryInvalidError(
      file,
      index,
      'spotify_track_uri',
      'is missing (every extended-history entry has it; null for podcasts)',
    );
  }
  const uri = entry['spotify_track_uri'];
  const name = optionalString(entry, 'master_metadata_track_name', file, index);
  const artistName = optionalString(entry, 'master_metadata_album_artist_name', file, index);
  const albumName = optionalString(entry, 'master_metadata_album_album_name', file, index);
  const episodeUri = optionalString(entry, 'spotify_episode_uri', file, index);
  const episodeName = optionalString(entry, 'episode_name', file, index);
  if (uri === null) {
    return episodeUri !== null || episodeName !== null
      ? { kind: 'episode', msPlayed }
      : { kind: 'other', msPlayed };
  }
  const match = typeof uri === 'string' ? TRACK_URI.exec(uri) : null;
  if (!match) {
    throw new HistoryInvalidError(
      file,
      index,
      'spotify_track_uri',
      'must be a track URI (spotify:track: and 22 letters or digits) or null',
    );
  }
  return { kind: 'track', endMs, msPlayed, trackId: match[1] as string, name, artistName, albumName };
}

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

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * Feed it the upload chunk by chunk (`push`), then `finish()`. Sniffs the format from the first bytes: a
 * ZIP (whatever the Content-Type said) or a JSON array. Throws HistoryTooLargeError / HistoryInvalidError.
 */
export class StreamingHistoryReader {
  private head = new Uint8Array(0);
  private format: 'json' | 'zip' | undefined;
  private bytes = 0;
  private unzipped = 0;
  private single: JsonArrayScanner | undefined;
  private unzip: Unzip | undefined;
  private readonly scanners: JsonArrayScanner[] = [];
  private basicFilesSeen = 0;
  /** The first problem found inside a ZIP entry. */
  private failure: unknown;
  private readonly result: HistoryReadResult = {
    fileNames: [],
    uploadBytes: 0,
    entries: 0,
    plays: 0,
    podcasts: 0,
    shortPlays: 0,
    other: 0,
  };
  private readonly now: number;

  constructor(private readonly options: HistoryReaderOptions) {
    this.now = options.now ?? Date.now();
  }

  get bytesRead(): number {
    return this.bytes;
  }

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    if (this.bytes > this.options.maxBytes) throw new HistoryTooLargeError(this.options.maxBytes, 'upload');
    if (this.format === undefined) {
      const head = new Uint8Array(this.head.length + chunk.length);
      head.set(this.head);
      head.set(chunk, this.head.length);
      if (head.length < 4) {
        this.head = head;
        return;
      }
      this.head = new Uint8Array(0);
      this.begin(head);
      chunk = head;
    }
    this.feed(chunk, false);
  }

  finish(): HistoryReadResult {
    if (this.format === undefined) {
      if (this.head.length === 0) {
        throw new HistoryInvalidError(this.options.fileName, null, null, 'is empty');
      }
      const head = this.head;
      this.head = new Uint8Array(0);
      this.begin(head);
      this.feed(head, false);
    }
    this.feed(new Uint8Array(0), true);
    if (this.format === 'json') {
      (this.single as JsonArrayScanner).end();
    } else {
      const unfinished = this.scanners.find((s) => !s.complete);
      if (unfinished) {
        throw new HistoryInvalidError(
          this.options.fileName,
          null,
          null,
          `is cut short inside ${unfinished.file}`,
        );
      }
      if (this.scanners.length === 0) {
        throw new HistoryInvalidError(
          this.options.fileName,
          null,
          null,
          this.basicFilesSeen > 0
            ? 'holds the basic account-data history (StreamingHistory*.json), which names no tracks: request the ' +
                '“Extended streaming history” from Spotify’s privacy page and upload that ZIP'
            : 'holds no Streaming_History_Audio_*.json file (is it Spotify’s extended streaming history?)',
        );
      }
    }
    this.result.uploadBytes = this.bytes;
    return this.result;
  }

  private begin(head: Uint8Array): void {
    if (startsWith(head, ZIP_MAGIC) || startsWith(head, EMPTY_ZIP_MAGIC)) {
      this.format = 'zip';
      this.unzip = new Unzip((file) => this.openZipEntry(file));
      this.unzip.register(UnzipInflate);
    } else {
      this.format = 'json';
      this.result.fileNames.push(this.options.fileName);
      this.single = new JsonArrayScanner(this.options.fileName, (value, index) =>
        this.add(value, this.options.fileName, index),
      );
    }
  }

  private feed(chunk: Uint8Array, final: boolean): void {
    if (this.format === 'json') {
      if (chunk.length > 0) (this.single as JsonArrayScanner).push(chunk);
      return;
    }
    if (this.failure) throw this.failure;
    try {
      (this.unzip as Unzip).push(chunk, final);
      if (this.failure) throw this.failure;
    } catch (error) {
      if (error instanceof HistoryInvalidError || error instanceof HistoryTooLargeError) throw error;
      throw new HistoryInvalidError(
        this.options.fileName,
        null,
        null,
        `is not a readable ZIP (${(error as Error).message})`,
      );
    }
  }

  private openZipEntry(file: UnzipFile): void {
    const base = file.name.split('/').pop() ?? file.name;
    if (file.name.startsWith('__MACOSX/') || base.startsWith('._')) return;
    if (!HISTORY_FILE.test(base)) {
      if (BASIC_HISTORY_FILE.test(base)) this.basicFilesSeen++;
      return;
    }
    const scanner = new JsonArrayScanner(base, (value, index) => this.add(value, base, index));
    this.scanners.push(scanner);
    this.result.fileNames.push(base);
    // fflate catches what a handler throws and hands it back as `error`: keep the first problem, throw it
    // from feed() once fflate has returned.
    file.ondata = (error: Error | null, data: Uint8Array, final: boolean) => {
      if (this.failure) return;
      try {
        if (error)
          throw new HistoryInvalidError(base, null, null, `could not be unzipped (${error.message})`);
        this.unzipped += data.length;
        if (this.unzipped > this.options.maxUnzippedBytes) {
          throw new HistoryTooLargeError(this.options.maxUnzippedBytes, 'unzipped');
        }
        if (data.length > 0) scanner.push(data);
        if (final) scanner.end();
      } catch (problem) {
        this.failure = problem;
      }
    };
    file.start();
  }

  private add(value: unknown, file: string, index: number): void {
    const entry = parseHistoryEntry(value, file, index, this.now);
    const result = this.result;
    result.entries++;
    if (entry.kind === 'episode') {
      result.podcasts++;
      return;
    }
    if (entry.kind === 'other') {
      result.other++;
      return;
    }
    if (entry.msPlayed < MIN_PLAY_MS) {
      result.shortPlays++;
      return;
    }
    result.plays++;
    this.options.onPlay?.(
      { startMs: entry.endMs - entry.msPlayed, trackId: entry.trackId, msPlayed: entry.msPlayed },
      {
        id: entry.trackId,
        name: (entry.name ?? '').slice(0, 500),
        artistName: entry.artistName?.slice(0, 500) || null,
        albumName: entry.albumName?.slice(0, 500) || null,
      },
    );
  }
}

/** 104857600 → "100 MB": the limit as people read it (binary units, as file managers mostly show). */
export function formatBytes(bytes: number): string {
  const units: Array<[number, string]> = [
    [1024 ** 3, 'GB'],
    [1024 ** 2, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} bytes`;
}
