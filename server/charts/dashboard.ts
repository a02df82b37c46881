// The dashboard's pictures: per service line a stage funnel, the agreement signing rates, the
// money, and the monthly trend of completed stages. Built from the dashboard's numbers in the
// page's language; every label passes through escapeXml in the chart builders.
import { translate, type Locale } from '../i18n/messages.js';
import type { Dashboard } from '../services/dashboard.js';
import { horizontalBars } from './bars.js';
import { columnChart } from './columns.js';

// Number formats are built once: creating one per call costs more than the rest of a chart.
const integer = { 'zh-CN': new Intl.NumberFormat('zh-CN'), en: new Intl.NumberFormat('en') };
const millions = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const tenThousands = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 });

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2018年4月 / Apr 2018 for 'YYYY-MM' (the same words as dates.formatMonth, without its cost). */
export function monthLabel(month: string, locale: Locale): string {
  const m = Number(month.slice(5, 7));
  return locale === 'en' ? `${monthNames[m - 1]} ${month.slice(0, 4)}` : `${month.slice(0, 4)}年${m}月`;
}

/** 881.6万 / ¥8.82m: money in the unit leaders read. */
export function shortMoney(yuan: number, locale: Locale): string {
  if (locale === 'en') return `¥${millions.format(yuan / 1_000_000)}m`;
  return `${tenThousands.format(yuan / 10_000)}万`;
}

export function dashboardCharts(d: Dashboard, locale: Locale) {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  const num = (n: number) => integer[locale].format(n);
  const list = (parts: string[]) => parts.join(locale === 'en' ? '; ' : '；');

  const funnels = d.funnel.map((line) => {
    const lineName = t(`serviceLine.${line.serviceLine}`);
    const shown = line.stages.filter((s) => s.planned > 0);
    return {
      serviceLine: line.serviceLine,
      svg: horizontalBars({
        id: `funnel-${line.serviceLine}`,
        title: t('dash.funnel.chartTitle', { line: lineName, n: line.handovers }),
        desc: list(shown.map((s) => t('dash.funnel.chartRow', { stage: t(`stage.${s.stage}`), reached: s.reached, planned: s.planned }))),
        series: [{ name: t('dash.funnel.reached'), className: 's0' }],
        max: line.handovers,
        categories: shown.map((s) => ({
          label: t(`dashStage.${s.stage}`),
          values: [s.reached],
          valueLabels: [`${num(s.reached)}/${num(s.planned)}`],
          hrefs: [line.href],
          track: s.planned,
        })),
      }),
    };
  });

  const signingRows = [...d.signing.map((s) => ({ ...s, label: t(`serviceLine.${s.serviceLine}`) })), { ...d.signingTotal, label: t('common.total') }];
  const signing = horizontalBars({
    id: 'signing',
    title: t('dash.signing'),
    desc: list(
      signingRows.map((s) =>
        t('dash.signing.chartRow', { line: s.label, framework: s.frameworkRate, implementation: s.implementationRate, n: s.handovers }),
      ),
    ),
    series: [
      { name: t('agreementKind.framework'), className: 's0' },
      { name: t('agreementKind.implementation'), className: 's1' },
    ],
    max: 100,
    categories: signingRows.map((s) => ({
      label: s.label,
      values: [s.frameworkRate, s.implementationRate],
      valueLabels: [`${s.frameworkRate}%`, `${s.implementationRate}%`],
      hrefs: [s.frameworkHref, s.implementationHref],
      track: 100,
    })),
  });

  const m = d.money;
  const moneyRows = [
    { key: 'estimated', value: m.estimated },
    { key: 'approved', value: m.approved },
    { key: 'committed', value: m.committed },
    { key: 'disbursed', value: m.disbursed },
  ];
  const money = horizontalBars({
    id: 'money',
    title: t('dash.money.chartTitle'),
    desc: list(moneyRows.map((r) => `${t(`dash.money.${r.key}`)} ${shortMoney(r.value, locale)}`)),
    series: [{ name: t('dash.money'), className: 's2' }],
    max: Math.max(...moneyRows.map((r) => r.value), 1),
    categories: moneyRows.map((r) => ({ label: t(`dash.money.${r.key}`), values: [r.value], valueLabels: [shortMoney(r.value, locale)], hrefs: [m.href] })),
  });
  const moneyBySource = horizontalBars({
    id: 'money-source',
    title: t('dash.money.bySource'),
    desc: list(
      m.bySource.map((s) =>
        t('dash.money.sourceRow', { source: t(`funding.${s.source}`), committed: shortMoney(s.committed, locale), disbursed: shortMoney(s.disbursed, locale) }),
      ),
    ),
    series: [
      { name: t('dash.money.committed'), className: 's0' },
      { name: t('dash.money.disbursed'), className: 's1' },
    ],
    max: Math.max(...m.bySource.map((s) => s.committed), ...m.bySource.map((s) => s.disbursed), 1),
    categories: m.bySource.map((s) => ({
      label: t(`funding.${s.source}`),
      values: [s.committed, s.disbursed],
      valueLabels: [shortMoney(s.committed, locale), shortMoney(s.disbursed, locale)],
      hrefs: [m.href, m.href],
    })),
  });

  const trend = columnChart({
    id: 'trend',
    title: t('dash.trend'),
    desc: list(d.trend.map((p) => `${monthLabel(p.month, locale)} ${num(p.n)}`)),
    className: 's0',
    columns: d.trend.map((p, i) => ({
      label: locale === 'en' ? monthNames[Number(p.month.slice(5)) - 1]! : `${Number(p.month.slice(5))}月`,
      sublabel: i === 0 || p.month.endsWith('-01') ? p.month.slice(0, 4) : undefined,
      value: p.n,
      valueLabel: num(p.n),
    })),
  });

  return { funnels, signing, money, moneyBySource, trend };
}

export type DashboardCharts = ReturnType<typeof dashboardCharts>;
