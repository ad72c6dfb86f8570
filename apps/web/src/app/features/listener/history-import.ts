import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  OnInit,
  output,
  signal,
} from '@angular/core';
import { ApiProblem, problemText } from '../../core/api-problem';
import { HistoryImport as ImportJob, IMPORT_POLL_MS, ListenerApi } from './listener-api';

const MB = 1024 * 1024;

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < MB) return `${Math.round(bytes / 1024)} KB`;
  return `${(Math.round((bytes / MB) * 10) / 10).toLocaleString('en')} MB`;
}

/** What went wrong with an upload, for the listener: the API's words, with the file named. */
export function importProblemText(fileName: string, problem: ApiProblem): string {
  switch (problem.status) {
    case 413:
      return `${fileName} is too big to import. ${problem.message}`;
    case 415:
      return `${fileName} can’t be imported: choose the ZIP of your extended streaming history, or one of its Streaming_History_Audio_….json files.`;
    case 422: {
      const where = problem.details[0]?.field;
      return `${fileName} couldn’t be imported. ${problem.message}${where ? ` (at ${where})` : ''} Nothing was imported.`;
    }
    default:
      return problemText(problem);
  }
}

type Phase = 'idle' | 'uploading' | 'running' | 'done';

/** Still on its way on the server: waiting its turn (queued) or being written (running). */
const pending = (job: ImportJob) => job.status === 'queued' || job.status === 'running';

/**
 * Import of Spotify's extended streaming history on /me: a .zip or .json file uploaded as is, then the
 * import job polled while it waits its turn (queued behind other imports, with its place in line) and until
 * its plays are written, with the counts (imported, duplicates, podcasts skipped,
 * short plays dropped) and the API's reasons when a file is refused (413 too big, 422 naming file and entry).
 */
@Component({
  selector: 'sl-history-import',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './history-import.html',
  styleUrl: './history-import.css',
})
export class HistoryImport implements OnInit {
  /** The import finished: the listener's figures changed. */
  readonly completed = output<ImportJob>();

  private readonly api = inject(ListenerApi);
  private readonly pollMs = inject(IMPORT_POLL_MS);

  protected readonly file = signal<File | null>(null);
  protected readonly phase = signal<Phase>('idle');
  protected readonly job = signal<ImportJob | null>(null);
  protected readonly error = signal('');
  protected readonly busy = computed(() => this.phase() === 'uploading' || this.phase() === 'running');
  protected readonly percentDone = computed(() => Math.floor((this.job()?.progress ?? 0) * 100));
  protected readonly size = fileSize;

  private timer: ReturnType<typeof setTimeout> | undefined;
  private destroyed = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      clearTimeout(this.timer);
    });
  }

  ngOnInit(): void {
    void this.resume();
  }

  /** An import still queued or running from before (another tab, a reload) is followed again. */
  private async resume(): Promise<void> {
    const result = await this.api.imports();
    const latest = result.ok ? result.data[0] : undefined;
    if (latest && pending(latest) && this.phase() === 'idle') {
      this.job.set(latest);
      this.phase.set('running');
      this.schedule(latest.id);
    }
  }

  protected choose(input: HTMLInputElement): void {
    const file = input.files?.[0] ?? null;
    this.error.set('');
    if (file && !/\.(zip|json)$/i.test(file.name)) {
      this.file.set(null);
      this.error.set(
        `${file.name} isn’t a .zip or .json file. Choose the ZIP Spotify sent you, or one of its Streaming_History_Audio_….json files.`,
      );
      return;
    }
    this.file.set(file);
  }

  async upload(event: Event): Promise<void> {
    event.preventDefault();
    const file = this.file();
    if (!file || this.busy()) return;
    this.error.set('');
    this.job.set(null);
    this.phase.set('uploading');
    const result = await this.api.upload(file);
    if (!result.ok) {
      this.phase.set('idle');
      this.error.set(importProblemText(file.name, result.problem));
      return;
    }
    this.track(result.data);
  }

  private track(job: ImportJob): void {
    this.job.set(job);
    if (pending(job)) {
      this.phase.set('running');
      this.schedule(job.id);
      return;
    }
    this.phase.set('done');
    if (job.status === 'failed') {
      this.error.set(
        `The import stopped before it finished. ${job.error ?? ''} Uploading the file again is safe.`,
      );
    } else {
      this.completed.emit(job);
    }
  }

  private schedule(id: string): void {
    clearTimeout(this.timer);
    if (this.destroyed) return;
    this.timer = setTimeout(() => void this.poll(id), this.pollMs);
  }

  private async poll(id: string): Promise<void> {
    const result = await this.api.importStatus(id);
    if (this.destroyed) return;
    if (result.ok) {
      this.track(result.data);
    } else if (result.problem.status === 0 || result.problem.status >= 500) {
      // A hiccup: ask again; the import goes on on the server meanwhile.
      this.schedule(id);
    } else {
      this.phase.set('done');
      this.error.set(problemText(result.problem));
    }
  }
}
