import { Global, Module } from '@nestjs/common';
import { LiveEvents } from './live-events.service';

/** Global so the click buffer (campaign module) and the connect flow can publish without importing analytics. */
@Global()
@Module({ providers: [LiveEvents], exports: [LiveEvents] })
export class LiveEventsModule {}
