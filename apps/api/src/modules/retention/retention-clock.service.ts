import { Injectable } from '@nestjs/common';

/**
 * The retention job's clock: what "older than N days" is measured from, also for the dashboard's retention
 * horizon. Tests move it forward (`advance`) instead of waiting months.
 */
@Injectable()
export class RetentionClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
