// Progress goes to stderr, and only when stderr is a terminal: scripts and CI logs get results, not spinners.
// Updates are throttled so printing never costs more than the work it reports on.

export interface ProgressSink { write(text: string): unknown; isTTY?: boolean }

export class Progress {
  private lastWrite = 0;
  private shown = false;

  constructor(private readonly sink: ProgressSink, private readonly enabled = Boolean(sink.isTTY), private readonly intervalMs = 100) {}

  update(text: string, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.lastWrite < this.intervalMs) return;
    this.lastWrite = now;
    this.shown = true;
    this.sink.write(`\r\x1b[2K${text}`);
  }

  done(): void {
    if (this.enabled && this.shown) this.sink.write('\r\x1b[2K');
    this.shown = false;
  }
}
