import { Unzip, UnzipFile, UnzipInflate } from 'fflate';
import { JsonArrayScanner } from './json-array-scanner';
import { HistoryInvalidError, HistoryTooLargeError } from './streaming-history.errors';

const HISTORY_FILE = /^Streaming_History_Audio[^/]*\.json$/i;
const BASIC_HISTORY_FILE = /^StreamingHistory[^/]*\.json$/i;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** The first bytes of a ZIP (an empty one too). */
export const isZip = (head: Uint8Array): boolean =>
  startsWith(head, ZIP_MAGIC) || startsWith(head, EMPTY_ZIP_MAGIC);

/**
 * The ZIP of Spotify's privacy export, inflated as a stream (fflate): each Streaming_History_Audio_*.json
 * inside it is cut into its entries by a JsonArrayScanner of its own, and every entry goes to `onEntry`
 * with its file's name. Other files are skipped (the basic account-data history is only counted, to say
 * what is missing). Throws HistoryTooLargeError / HistoryInvalidError.
 */
export class StreamingHistoryZipReader {
  private readonly unzip: Unzip;
  private readonly scanners: JsonArrayScanner[] = [];
  private basicFilesSeen = 0;
  private unzipped = 0;
  /** The first problem found inside a ZIP entry (fflate swallows what its handlers throw). */
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly uploadName: string,
    private readonly maxUnzippedBytes: number,
    private readonly onFile: (file: string) => void,
    private readonly onEntry: (value: unknown, file: string, index: number) => void,
  ) {
    this.unzip = new Unzip((file) => this.open(file));
    this.unzip.register(UnzipInflate);
  }

  push(chunk: Uint8Array, final: boolean): void {
    this.throwFailure();
    try {
      this.unzip.push(chunk, final);
      this.throwFailure();
    } catch (error) {
      if (error instanceof HistoryInvalidError || error instanceof HistoryTooLargeError) throw error;
      throw new HistoryInvalidError(
        this.uploadName,
        null,
        null,
        `is not a readable ZIP (${(error as Error).message})`,
      );
    }
  }

  /** After the last push: every history file read to its end, and at least one of them. */
  finish(): void {
    this.push(new Uint8Array(0), true);
    const unfinished = this.scanners.find((s) => !s.complete);
    if (unfinished) {
      throw new HistoryInvalidError(this.uploadName, null, null, `is cut short inside ${unfinished.file}`);
    }
    if (this.scanners.length === 0) {
      throw new HistoryInvalidError(
        this.uploadName,
        null,
        null,
        this.basicFilesSeen > 0
          ? 'holds the basic account-data history (StreamingHistory*.json), which names no tracks: request the ' +
              '“Extended streaming history” from Spotify’s privacy page and upload that ZIP'
          : 'holds no Streaming_History_Audio_*.json file (is it Spotify’s extended streaming history?)',
      );
    }
  }

  private throwFailure(): void {
    if (this.failure) throw this.failure.error;
  }

  private open(file: UnzipFile): void {
    const base = file.name.split('/').pop() ?? file.name;
    if (file.name.startsWith('__MACOSX/') || base.startsWith('._')) return;
    if (!HISTORY_FILE.test(base)) {
      if (BASIC_HISTORY_FILE.test(base)) this.basicFilesSeen++;
      return;
    }
    const scanner = new JsonArrayScanner(base, (value, index) => this.onEntry(value, base, index));
    this.scanners.push(scanner);
    this.onFile(base);
    // fflate catches what a handler throws and hands it back as `error`: keep the first problem, throw it
    // from push() once fflate has returned.
    file.ondata = (error: Error | null, data: Uint8Array, final: boolean) => {
      if (this.failure) return;
      try {
        if (error)
          throw new HistoryInvalidError(base, null, null, `could not be unzipped (${error.message})`);
        this.unzipped += data.length;
        if (this.unzipped > this.maxUnzippedBytes) {
          throw new HistoryTooLargeError(this.maxUnzippedBytes, 'unzipped');
        }
        if (data.length > 0) scanner.push(data);
        if (final) scanner.end();
      } catch (problem) {
        this.failure = { error: problem };
      }
    };
    file.start();
  }
}
