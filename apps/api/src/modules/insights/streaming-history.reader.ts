import { JsonArrayScanner } from './json-array-scanner';
import {
  historyPlayOf,
  HistoryPlay,
  HistoryTrack,
  MIN_PLAY_MS,
  parseHistoryEntry,
} from './streaming-history-entry';
import { HistoryInvalidError, HistoryTooLargeError } from './streaming-history.errors';
import { isZip, StreamingHistoryZipReader } from './streaming-history-zip.reader';

/**
 * Reads Spotify's extended streaming history (docs/insights.md) as it arrives: one JSON file, or the ZIP
 * of the privacy export. Chunk by chunk: the ZIP is inflated as a stream (streaming-history-zip.reader.ts),
 * and each JSON array is cut into its entries (json-array-scanner.ts) without parsing the whole file at
 * once, so a large upload never holds the event loop for long and the first bad entry is reported with its
 * file and index. Only the entry being read is held (plus fflate's inflate window): each play is handed to
 * `onPlay` and forgotten. No database, no Nest: pure.
 */

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

/** Until 4 bytes have come the format is not known; then one JSON array, or a ZIP. */
type KnownSource =
  { format: 'json'; scanner: JsonArrayScanner } | { format: 'zip'; zip: StreamingHistoryZipReader };
type Source = { format: 'unknown'; head: Uint8Array } | KnownSource;

/**
 * Feed it the upload chunk by chunk (`push`), then `finish()`. Sniffs the format from the first bytes: a
 * ZIP (whatever the Content-Type said) or a JSON array. Throws HistoryTooLargeError / HistoryInvalidError.
 */
export class StreamingHistoryReader {
  private source: Source = { format: 'unknown', head: new Uint8Array(0) };
  private bytes = 0;
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
    let source = this.source;
    if (source.format === 'unknown') {
      const head = new Uint8Array(source.head.length + chunk.length);
      head.set(source.head);
      head.set(chunk, source.head.length);
      if (head.length < 4) {
        this.source = { format: 'unknown', head };
        return;
      }
      source = this.begin(head);
      chunk = head;
    }
    if (source.format === 'json') {
      if (chunk.length > 0) source.scanner.push(chunk);
    } else {
      source.zip.push(chunk, false);
    }
  }

  finish(): HistoryReadResult {
    let source = this.source;
    if (source.format === 'unknown') {
      const head = source.head;
      if (head.length === 0) throw new HistoryInvalidError(this.options.fileName, null, null, 'is empty');
      source = this.begin(head);
      if (source.format === 'json') source.scanner.push(head);
      else source.zip.push(head, false);
    }
    if (source.format === 'json') source.scanner.end();
    else source.zip.finish();
    this.result.uploadBytes = this.bytes;
    return this.result;
  }

  private begin(head: Uint8Array): KnownSource {
    const { fileName } = this.options;
    let source: KnownSource;
    if (isZip(head)) {
      source = {
        format: 'zip',
        zip: new StreamingHistoryZipReader(
          fileName,
          this.options.maxUnzippedBytes,
          (file) => this.result.fileNames.push(file),
          (value, file, index) => this.add(value, file, index),
        ),
      };
    } else {
      this.result.fileNames.push(fileName);
      source = {
        format: 'json',
        scanner: new JsonArrayScanner(fileName, (value, index) => this.add(value, fileName, index)),
      };
    }
    this.source = source;
    return source;
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
    if (this.options.onPlay) {
      const { play, track } = historyPlayOf(entry);
      this.options.onPlay(play, track);
    }
  }
}
