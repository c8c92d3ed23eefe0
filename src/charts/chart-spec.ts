/**
 * What a chart shows, apart from how it is drawn: the dashboard draws it as inline SVG, the escalation digest as a
 * PNG made from the same SVG (mail clients show neither SVG nor scripts). Built by office-charts.ts from the one
 * set of figures.
 */
export interface RateBarsChart {
  readonly kind: 'rateBars';
  readonly title: string;
  /** Shown instead of a bar for a department with nothing due. */
  readonly noneDue: string;
  readonly rows: ReadonlyArray<{
    readonly label: string;
    /** 0–1; undefined when nothing was due. */
    readonly share: number | undefined;
    /** e.g. 87.5%（7/8）. */
    readonly text: string;
  }>;
}

export interface TrendChart {
  readonly kind: 'trend';
  readonly title: string;
  readonly rateLegend: string;
  readonly lateLegend: string;
  readonly months: ReadonlyArray<{
    /** e.g. 1月, or 2026年1月 where a year begins. */
    readonly label: string;
    readonly share: number | undefined;
    readonly late: number;
  }>;
}

export type ChartSpec = RateBarsChart | TrendChart;
