// Horizontal bar charts as SVG strings: one row per category, one bar per series, an optional
// track behind the bars (the whole the bar is part of), the value at the end of each bar, and a
// link on each bar to the list behind it. Sized for a phone (360 units wide); CSS scales it up.
import { escapeXml, fit, r1, svgOpen, textWidth } from './svg.js';

export interface BarSeries {
  name: string;
  /** CSS class of the bars (colours live in the stylesheet). */
  className: string;
}

export interface BarCategory {
  label: string;
  values: number[];
  valueLabels: string[];
  /** One link per value (the list behind the bar). */
  hrefs?: (string | undefined)[];
  /** Length of the track behind the bars, in the chart's scale. */
  track?: number;
}

export interface BarChart {
  id: string;
  title: string;
  desc: string;
  series: BarSeries[];
  categories: BarCategory[];
  /** The value a full-length bar stands for. */
  max: number;
  width?: number;
}

const FONT = 12;
const BAR = 13;
const GAP = 2;
const ROW_GAP = 9;
const LEGEND = 22;

export function horizontalBars(chart: BarChart): string {
  const width = chart.width ?? 360;
  const labelWidth = Math.min(Math.max(...chart.categories.map((c) => textWidth(c.label, FONT)), 24) + 8, Math.round(width * 0.4));
  const valueWidth = Math.max(...chart.categories.flatMap((c) => c.valueLabels.map((v) => textWidth(v, FONT - 1))), 12) + 8;
  const plot = Math.max(width - labelWidth - valueWidth, 40);
  const legend = chart.series.length > 1 ? LEGEND : 4;
  const rowHeight = chart.series.length * BAR + (chart.series.length - 1) * GAP;
  const height = legend + chart.categories.length * (rowHeight + ROW_GAP) + 2;
  const scale = (v: number) => (chart.max > 0 ? (Math.max(0, Math.min(v, chart.max)) / chart.max) * plot : 0);

  const parts = [svgOpen(chart.id, width, height, chart.title, chart.desc)];
  if (chart.series.length > 1) {
    let x = labelWidth;
    parts.push('<g class="chart-legend">');
    for (const s of chart.series) {
      parts.push(`<rect class="${escapeXml(s.className)}" x="${x}" y="4" width="10" height="10" rx="2"/>`);
      parts.push(`<text x="${x + 14}" y="13" font-size="${FONT - 1}">${escapeXml(s.name)}</text>`);
      x += 14 + textWidth(s.name, FONT - 1) + 14;
    }
    parts.push('</g>');
  }
  chart.categories.forEach((c, i) => {
    const top = legend + i * (rowHeight + ROW_GAP);
    parts.push(`<g class="chart-row">`);
    parts.push(
      `<text class="chart-label" x="${labelWidth - 6}" y="${r1(top + rowHeight / 2 + FONT * 0.36)}" font-size="${FONT}" text-anchor="end">${escapeXml(fit(c.label, labelWidth - 8, FONT))}</text>`,
    );
    if (c.track !== undefined) {
      parts.push(`<rect class="chart-track" x="${labelWidth}" y="${top}" width="${r1(scale(c.track))}" height="${rowHeight}" rx="2"/>`);
    }
    c.values.forEach((v, j) => {
      const y = top + j * (BAR + GAP);
      const w = scale(v);
      const bar =
        `<rect class="${escapeXml(chart.series[j]?.className ?? 's0')}" x="${labelWidth}" y="${y}" width="${r1(w)}" height="${BAR}" rx="2"/>` +
        `<text class="chart-value" x="${r1(labelWidth + w + 4)}" y="${r1(y + BAR / 2 + (FONT - 1) * 0.36)}" font-size="${FONT - 1}">${escapeXml(c.valueLabels[j] ?? '')}</text>`;
      const href = c.hrefs?.[j];
      parts.push(href ? `<a href="${escapeXml(href)}">${bar}</a>` : bar);
    });
    parts.push('</g>');
  });
  parts.push('</svg>');
  return parts.join('');
}
