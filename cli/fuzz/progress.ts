import chalk from 'chalk';
import cliProgress from 'cli-progress';
import type { FuzzProgress } from '../../sim/index.js';

const number = (n: number): string => n.toLocaleString('en-US');

function rateOf(progress: FuzzProgress): number {
  return progress.elapsedMs > 0 ? (progress.done / progress.elapsedMs) * 1000 : 0;
}

function etaText(progress: FuzzProgress): string {
  const rate = rateOf(progress);
  if (rate <= 0) return '?';
  return formatEtaSeconds(Math.round((progress.total - progress.done) / rate));
}

/** 42s, 3m05s, 2h07m; past 99 hours (early, slow seeds of a huge range) just ">99h". */
export function formatEtaSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds > 99 * 3600) return '>99h';
  const two = (n: number) => String(n).padStart(2, '0');
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}h${two(Math.floor((seconds % 3600) / 60))}m`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}m${two(seconds % 60)}s`;
  return `${seconds}s`;
}

export function progressLine(progress: FuzzProgress): string {
  return `fuzz: ${number(progress.done)}/${number(progress.total)} seeds · ${number(progress.failures)} failing · ${rateOf(progress).toFixed(0)} seeds/s · ETA ${etaText(progress)}`;
}

/**
 * Progress of a fuzz run on stdout: a bar on a terminal, plain periodic lines in CI (no TTY, or
 * CI=true), so logs stay readable. Failure lines go through here so they never tear the bar.
 */
export class FuzzProgressView {
  private readonly bars: cliProgress.MultiBar | undefined;
  private readonly bar: cliProgress.SingleBar | undefined;
  private readonly timer: NodeJS.Timeout | undefined;
  private latest: FuzzProgress;
  private stopped = false;

  constructor(total: number, interactive: boolean, intervalMs = 3000) {
    this.latest = { done: 0, total, failures: 0, elapsedMs: 0 };
    if (interactive) {
      this.bars = new cliProgress.MultiBar(
        {
          format: 'fuzz {bar} {value}/{total} seeds · {failures} failing · {rate} seeds/s · ETA {etaText}',
          stream: process.stdout,
          hideCursor: true,
          clearOnComplete: false,
          barsize: 30,
          gracefulExit: false,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar = this.bars.create(total, 0, { failures: 0, rate: '0', etaText: '?' });
    } else {
      this.timer = setInterval(() => process.stdout.write(progressLine(this.latest) + '\n'), intervalMs);
      this.timer.unref();
    }
  }

  update(progress: FuzzProgress): void {
    this.latest = progress;
    this.bar?.update(progress.done, { failures: progress.failures, rate: rateOf(progress).toFixed(0), etaText: etaText(progress) });
  }

  log(text: string): void {
    if (this.bars) this.bars.log(text.endsWith('\n') ? text : `${text}\n`);
    else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.bars) {
      this.update(this.latest);
      this.bars.stop();
    } else {
      process.stdout.write(chalk.dim(progressLine(this.latest)) + '\n');
    }
  }
}
