/**
 * Progress for long CLI runs, on stderr: a bar redrawn in place when stderr is a terminal, else a
 * plain line every few seconds (logs and CI keep a readable record; a run shorter than that prints none).
 */
const lineIntervalMs = 5_000;
const redrawIntervalMs = 100;

export class Progress {
  private readonly started = performance.now();
  private lastDrawn = performance.now();
  private drawn = false;
  private readonly tty = process.stderr.isTTY === true;
  private done = 0;
  private detail = "";

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
  ) {}

  /** Reports `done` of the total; `detail` is shown after the counts. */
  update(done: number, detail = "", force = false): void {
    this.done = done;
    this.detail = detail;
    const now = performance.now();
    if (!force && now - this.lastDrawn < (this.tty ? redrawIntervalMs : lineIntervalMs)) return;
    this.lastDrawn = now;
    this.draw();
  }

  /** Ends the bar with a last, complete line. */
  finish(detail = this.detail): void {
    this.detail = detail;
    // A short run in a log says nothing until the summary.
    if (!this.tty && !this.drawn) return;
    this.draw();
    if (this.tty) process.stderr.write("\n");
  }

  private draw(): void {
    this.drawn = true;
    const fraction = this.total > 0 ? Math.min(1, this.done / this.total) : 1;
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(this.done / seconds) : 0;
    const counts = `${this.done.toLocaleString("en")}/${this.total.toLocaleString("en")} ${this.unit}`;
    const tail = `${counts} · ${rate.toLocaleString("en")}/s · ${seconds.toFixed(0)} s${this.detail ? ` · ${this.detail}` : ""}`;
    if (this.tty) {
      const width = 28;
      const filled = Math.round(fraction * width);
      const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
      process.stderr.write(`\r\x1b[2K${this.label} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${tail}`);
    } else {
      process.stderr.write(`${this.label}: ${(fraction * 100).toFixed(0)}% ${tail}\n`);
    }
  }
}
