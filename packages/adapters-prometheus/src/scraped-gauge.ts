import { Gauge, type GaugeConfiguration, type LabelValues } from 'prom-client';

/** One series of a gauge read at scrape time. */
export interface Sample<L extends string> {
  readonly labels: LabelValues<L>;
  readonly value: number;
}

/**
 * A gauge whose series are read on every scrape and exist only while `read` returns some. A
 * plain Gauge cannot drop the series of an unlabelled metric; it would report a stale 0.
 */
export class ScrapedGauge<L extends string> extends Gauge<L> {
  constructor(
    config: GaugeConfiguration<L>,
    private readonly read: () => readonly Sample<L>[],
  ) {
    super(config);
  }

  override async get() {
    const metric = await super.get();
    return { ...metric, values: this.read().map(({ labels, value }) => ({ labels, value })) };
  }
}
