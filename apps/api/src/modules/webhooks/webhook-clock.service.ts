import { Injectable } from '@nestjs/common';

/**
 * The delivery worker's clock: when a delivery is due, when it is retried, how long an endpoint has been
 * failing. Tests move it forward (`advance`) instead of waiting hours; signatures always carry the real time
 * (receivers check it against theirs).
 */
@Injectable()
export class WebhookClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
