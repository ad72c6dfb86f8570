import { Module } from '@nestjs/common';
import { SourceSandboxesHost } from './source-sandboxes-host.service';

/**
 * Sandbox mode's Last.fm and ListenBrainz emulators (libs/sources-sandbox), mounted by bootstrap beside the
 * Spotify sandbox. No tables, no controllers: the emulators answer below /sandbox/ before Express.
 */
@Module({
  providers: [SourceSandboxesHost],
  exports: [SourceSandboxesHost],
})
export class SourceSandboxesModule {}
