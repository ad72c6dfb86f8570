import { inject, Injectable, InjectionToken } from '@angular/core';
import type { ApiSchema } from '@soundlink/api-client';
import { API_CLIENT } from '../../core/api-client';
import { apiResult, ApiResult } from '../../core/api-problem';

export type ListenerInsights = ApiSchema<'ListenerInsightsDto'>;
export type InsightRange = ListenerInsights['range'];
export type ClockCell = ListenerInsights['clock'][number];
export type ListeningDay = ListenerInsights['listeningPerDay'][number];
export type HistoryImport = ApiSchema<'HistoryImportDto'>;
export type ListenerMe = ApiSchema<'ListenerMeDto'>;
export type ListenerSyncResult = ApiSchema<'ListenerSyncResultDto'>;
export type ListenerSource = ApiSchema<'ListenerSourceDto'>;
export type SourceKind = ListenerSource['kind'];

/** The services' own names, as the listener knows them. */
export const SOURCE_NAMES: Record<SourceKind, string> = {
  spotify: 'Spotify',
  lastfm: 'Last.fm',
  listenbrainz: 'ListenBrainz',
};

export const INSIGHT_RANGES: readonly InsightRange[] = ['4w', '6m', 'all'];

/** The period named in the URL (`?period=`), 4 weeks when it names none we know. */
export function parseInsightRange(value: string | null): InsightRange {
  return INSIGHT_RANGES.find((range) => range === value) ?? '4w';
}
export const RANGE_LABELS: Record<InsightRange, string> = {
  '4w': '4 weeks',
  '6m': '6 months',
  all: 'All time',
};

/** Unsafe listener requests carry this header; the API refuses them without it (CSRF protection). */
export const LISTENER_HEADER = { 'X-Requested-With': 'soundlink' } as const;

/** How often a running import is asked how far it got. */
export const IMPORT_POLL_MS = new InjectionToken<number>('IMPORT_POLL_MS', {
  providedIn: 'root',
  factory: () => 1_000,
});

/** The Content-Type the API reads a history file with (the API sniffs the bytes; this only has to be allowed). */
export function historyContentType(file: File): string {
  if (/\.zip$/i.test(file.name)) return 'application/zip';
  if (/\.json$/i.test(file.name)) return 'application/json';
  return file.type || 'application/octet-stream';
}

/**
 * The listener's own endpoints (what Soundlink recorded, sync, export, their listening sources and disconnecting
 * each, erase), their insights and streaming-history imports (docs/insights.md), as ApiResults through the
 * generated client.
 */
@Injectable({ providedIn: 'root' })
export class ListenerApi {
  private readonly client = inject(API_CLIENT);

  /** What Soundlink recorded about the listener (401 when there is no listener cookie). */
  me(): Promise<ApiResult<ListenerMe>> {
    return apiResult(this.client.GET('/api/v1/listeners/me'));
  }

  /** Reads the listener's recent plays from Spotify now. */
  sync(): Promise<ApiResult<ListenerSyncResult>> {
    return apiResult(this.client.POST('/api/v1/listeners/me/sync', { params: { header: LISTENER_HEADER } }));
  }

  /** Everything recorded about the listener, as a file (a Blob, or the parsed JSON where no Blob came). */
  export(): Promise<ApiResult<unknown>> {
    return apiResult(this.client.GET('/api/v1/listeners/me/export', { parseAs: 'blob' }));
  }

  /** The listener's listening sources: Spotify (when connected), Last.fm, ListenBrainz. */
  sources(): Promise<ApiResult<{ items: ListenerSource[] }>> {
    return apiResult(this.client.GET('/api/v1/listeners/me/sources'));
  }

  /** Disconnects one source: its credential is deleted and it is read no more; what it recorded stays. */
  disconnectSource(kind: SourceKind): Promise<ApiResult<unknown>> {
    return apiResult(
      this.client.DELETE('/api/v1/listeners/me/sources/{kind}', {
        params: { path: { kind }, header: LISTENER_HEADER },
      }),
    );
  }

  /** Erases the listener and everything recorded about them. */
  erase(): Promise<ApiResult<unknown>> {
    return apiResult(this.client.DELETE('/api/v1/listeners/me', { params: { header: LISTENER_HEADER } }));
  }

  insights(range: InsightRange, tz: string | null): Promise<ApiResult<ListenerInsights>> {
    return apiResult(
      this.client.GET('/api/v1/listeners/me/insights', {
        params: { query: { range, ...(tz ? { tz } : {}) } },
      }),
    );
  }

  /** Uploads the file as the raw request body, with its own Content-Type; 202 with the import job. */
  upload(file: File): Promise<ApiResult<HistoryImport>> {
    return apiResult(
      this.client.POST('/api/v1/listeners/me/imports', {
        params: {
          query: file.name.length <= 200 ? { filename: file.name } : {},
          header: LISTENER_HEADER,
        },
        // The File itself is the body (streamed by the browser), not JSON.
        body: file as unknown as string,
        bodySerializer: (body: unknown) => body,
        headers: { 'Content-Type': historyContentType(file) },
      }),
    );
  }

  imports(): Promise<ApiResult<HistoryImport[]>> {
    return apiResult(this.client.GET('/api/v1/listeners/me/imports'));
  }

  importStatus(id: string): Promise<ApiResult<HistoryImport>> {
    return apiResult(this.client.GET('/api/v1/listeners/me/imports/{id}', { params: { path: { id } } }));
  }
}
