const WIDTH = 30;

function human(bytes: number): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit ? 1 : 0)} ${units[unit]}`;
}

/** One status line redrawn in place on a TTY; plain lines every 10 % otherwise (CI logs). */
export class ProgressBar {
  private readonly label: string;
  private readonly total: number;
  private readonly started = Date.now();
  private lastDecile = -1;

  constructor(label: string, total: number) {
    this.label = label;
    this.total = total;
  }

  update(done: number, suffix = ""): void {
    const ratio = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const seconds = (Date.now() - this.started) / 1000;
    const speed = seconds > 0 ? done / seconds : 0;
    const eta = speed > 0 ? Math.round((this.total - done) / speed) : 0;
    const filled = Math.round(ratio * WIDTH);
    const line = `${this.label} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${(ratio * 100).toFixed(0)}% ${human(done)}/${human(this.total)} ${human(speed)}/s ETA ${eta}s ${suffix}`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}\x1b[K`);
    } else if (Math.floor(ratio * 10) !== this.lastDecile) {
      this.lastDecile = Math.floor(ratio * 10);
      process.stderr.write(`${line}\n`);
    }
  }

  done(message: string): void {
    if (process.stderr.isTTY) process.stderr.write("\n");
    process.stderr.write(`${this.label}: ${message}\n`);
  }
}
