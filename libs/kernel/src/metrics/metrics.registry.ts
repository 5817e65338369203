import { Injectable } from '@nestjs/common';

type Labels = Record<string, string>;

interface Series {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, number>;
}

/** A small Prometheus registry: counters incremented in place, gauges collected at scrape time. */
@Injectable()
export class MetricsRegistry {
  private readonly series = new Map<string, Series>();
  private readonly collectors: (() => Promise<void> | void)[] = [];

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const values = this.get(name, help, 'counter');
    const key = labelKey(labels);
    values.set(key, (values.get(key) ?? 0) + by);
  }

  set(name: string, help: string, labels: Labels, value: number): void {
    this.get(name, help, 'gauge').set(labelKey(labels), value);
  }

  /** Registers a callback that refreshes gauges before each scrape. */
  collect(collector: () => Promise<void> | void): void {
    this.collectors.push(collector);
  }

  async render(): Promise<string> {
    for (const collector of this.collectors) await collector();
    const lines: string[] = [];
    for (const [name, series] of this.series) {
      lines.push(`# HELP ${name} ${series.help}`, `# TYPE ${name} ${series.type}`);
      for (const [labels, value] of series.values) lines.push(`${name}${labels} ${value}`);
    }
    return lines.join('\n') + '\n';
  }

  private get(name: string, help: string, type: Series['type']): Map<string, number> {
    let series = this.series.get(name);
    if (!series) {
      series = { help, type, values: new Map() };
      this.series.set(name, series);
    }
    return series.values;
  }
}

function labelKey(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',')}}`;
}
