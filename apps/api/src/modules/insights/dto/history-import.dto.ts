import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { HistoryImportStatus } from '../history-import.entity';

export class HistoryImportQueryDto {
  @ApiPropertyOptional({
    example: 'Streaming_History_Audio_2023_4.json',
    description:
      'The uploaded file’s name, used in error messages and the job (default: upload.json / upload.zip).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[^/\\\0]+$/, { message: 'must be a file name (no path)' })
  filename?: string;
}

export class HistoryImportCountsDto {
  @ApiProperty({ description: 'Entries in the files read.' })
  entries: number;

  @ApiProperty({
    description:
      'Plays to write: track entries of 30 s or more (an instant repeated in the upload counts each time, then as a duplicate).',
  })
  playsTotal: number;

  @ApiProperty({ description: 'Of playsTotal, written or found already stored so far.' })
  playsProcessed: number;

  @ApiProperty({ description: 'New plays stored.' })
  imported: number;

  @ApiProperty({
    description:
      'Plays already stored (an earlier import, or the same play read from Spotify) or repeated in the upload.',
  })
  duplicates: number;

  @ApiProperty({ description: 'Podcast episodes (skipped).' })
  podcastsSkipped: number;

  @ApiProperty({ description: 'Track entries played for less than 30 seconds (dropped).' })
  shortPlaysSkipped: number;

  @ApiProperty({ description: 'Entries that are neither a track nor an episode (audiobooks, local files).' })
  otherSkipped: number;
}

/** One streaming-history import and how far it got. */
export class HistoryImportDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    enum: ['queued', 'running', 'completed', 'failed'],
    description:
      'queued: validated, waiting for other imports to finish (at most IMPORTS_CONCURRENCY are written at a ' +
      'time, see queuePosition); running: plays being written; completed; failed (see error).',
  })
  status: HistoryImportStatus;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 2,
    description: 'While queued: 1 = next to start. null otherwise.',
  })
  queuePosition: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 4194304,
    description:
      'Bytes of the upload read into the database so far: 0 while queued, uploadBytes once completed; ' +
      'null when not known (failed, or running in another server process).',
  })
  bytesProcessed: number | null;

  @ApiProperty({
    example: 0.42,
    description: 'playsProcessed / playsTotal (1 when there is nothing to write).',
  })
  progress: number;

  @ApiProperty({ type: [String], example: ['Streaming_History_Audio_2023_4.json'] })
  fileNames: string[];

  @ApiProperty({ example: 10485760 })
  uploadBytes: number;

  @ApiProperty({ type: HistoryImportCountsDto })
  counts: HistoryImportCountsDto;

  @ApiProperty({ type: String, nullable: true, description: 'Why it failed.' })
  error: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;
}
