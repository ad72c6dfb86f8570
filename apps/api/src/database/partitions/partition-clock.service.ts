import { Injectable } from '@nestjs/common';

/** The partition job's clock: tests move it forward (`advance`) to see the job create next months' partitions. */
@Injectable()
export class PartitionClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
