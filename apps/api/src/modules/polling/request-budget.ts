/**
 * A rolling-window request budget: at most `limit` requests in any `windowMs` (Spotify counts its rate
 * limit over a rolling 30 s per app). Per process: with several polling processes each is given its share.
 */
export class RequestBudget {
  private readonly sent: number[] = [];
  private head = 0;

  constructor(
    readonly limit: number,
    readonly windowMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  private prune(): void {
    const since = this.now() - this.windowMs;
    while (this.head < this.sent.length && (this.sent[this.head] as number) <= since) this.head++;
    if (this.head > 1024 && this.head * 2 > this.sent.length) {
      this.sent.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Requests in the current window. */
  used(): number {
    this.prune();
    return this.sent.length - this.head;
  }

  /** Requests that may be sent now. */
  available(): number {
    return Math.max(0, this.limit - this.used());
  }

  /** Counts requests sent now. */
  record(count = 1): void {
    const at = this.now();
    for (let i = 0; i < count; i++) this.sent.push(at);
  }

  /** When the next request may be sent (now when the budget is not exhausted). */
  nextFreeAt(): number {
    this.prune();
    const used = this.sent.length - this.head;
    if (used < this.limit) return this.now();
    return (this.sent[this.head + used - this.limit] as number) + this.windowMs;
  }
}
