// A column chart as an SVG string: one column per period with its value above it and the period
// below (the year is written under the first column and under each January).
import { escapeXml, r1, svgOpen } from './svg.js';

export interface Column {
  label: string;
  /** Written on a second line under the label (e.g. the year). */
  sublabel?: string;
  value: number;
  valueLabel: string;
}

export interface ColumnChart {
  id: string;
  title: string;
  desc: string;
  columns: Column[];
  className?: string;
  width?: number;
  height?: number;
}

const FONT = 11;

export function columnChart(chart: ColumnChart): string {
  const width = chart.width ?? 360;
  const height = chart.height ?? 170;
  const top = 16;
  const bottom = 32;
  const plot = height - top - bottom;
  const n = Math.max(chart.columns.length, 1);
  const slot = (width - 8) / n;
  const barWidth = Math.max(slot * 0.66, 4);
  const max = Math.max(...chart.columns.map((c) => c.value), 1);
  const parts = [svgOpen(chart.id, width, height, chart.title, chart.desc)];
  parts.push(`<line class="chart-axis" x1="4" x2="${width - 4}" y1="${top + plot + 0.5}" y2="${top + plot + 0.5}"/>`);
  chart.columns.forEach((c, i) => {
    const h = (Math.max(c.value, 0) / max) * plot;
    const x = 4 + i * slot + (slot - barWidth) / 2;
    const cx = r1(4 + i * slot + slot / 2);
    parts.push(`<rect class="${escapeXml(chart.className ?? 's0')}" x="${r1(x)}" y="${r1(top + plot - h)}" width="${r1(barWidth)}" height="${r1(h)}" rx="1"/>`);
    parts.push(`<text class="chart-value" x="${cx}" y="${r1(top + plot - h - 3)}" font-size="${FONT}" text-anchor="middle">${escapeXml(c.valueLabel)}</text>`);
    parts.push(`<text class="chart-label" x="${cx}" y="${top + plot + 13}" font-size="${FONT}" text-anchor="middle">${escapeXml(c.label)}</text>`);
    if (c.sublabel) {
      parts.push(`<text class="chart-sublabel" x="${cx}" y="${top + plot + 27}" font-size="${FONT - 1}" text-anchor="middle">${escapeXml(c.sublabel)}</text>`);
    }
  });
  parts.push('</svg>');
  return parts.join('');
}
