// Keeps requests to the webmail server under a rate (Gmail throttles bursts; SDKs stay at a few per second).
// A sliding window: at most `perWindow` starts in any `windowMs`, the rest wait in a bounded FIFO queue.

export class RateLimiter {
  private readonly starts: number[] = [];
  private readonly queue: Array<() => void> = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly perWindow = 3,
    private readonly windowMs = 1000,
    private readonly maxQueue = 500,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Resolves when the caller may start a request. Rejects when the queue is full. */
  acquire(): Promise<void> {
    if (this.queue.length >= this.maxQueue) return Promise.reject(new Error('rate limiter queue full'));
    return new Promise((resolve) => {
      this.queue.push(resolve);
      this.pump();
    });
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    return task();
  }

  private pump(): void {
    if (this.timer) return;
    while (this.queue.length > 0) {
      const t = this.now();
      while (this.starts.length > 0 && t - this.starts[0] >= this.windowMs) this.starts.shift();
      if (this.starts.length >= this.perWindow) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pump();
        }, this.windowMs - (t - this.starts[0]) + 1);
        return;
      }
      this.starts.push(t);
      this.queue.shift()!();
    }
  }
}
