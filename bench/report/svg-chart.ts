import type { BenchResult } from '../bench-result.js';

const WIDTH = 860;
const HEIGHT = 440;
const MARGIN = { top: 56, right: 24, bottom: 64, left: 72 };
const COLORS = [
  '#9e9e9e',
  '#4e79a7',
  '#a0cbe8',
  '#59a14f',
  '#e15759',
  '#f28e2b',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
];

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A round step for about five grid lines up to `max`. */
function gridStep(max: number): number {
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough || 1));
  return ([1, 2, 2.5, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power;
}

/** A grouped bar chart of requests/s: one group per workload, one bar per target. */
export function renderChart(result: BenchResult): string {
  const workloads = result.workloads.map((workload) => workload.name);
  const targets = result.targets;
  const rate = (target: string, workload: string): number =>
    result.measurements.find((m) => m.target === target && m.workload === workload)
      ?.requestsPerSecond ?? 0;
  const max = Math.max(1, ...result.measurements.map((m) => m.requestsPerSecond));
  const step = gridStep(max);
  const top = Math.ceil(max / step) * step;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (value: number): number => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const groupWidth = plotWidth / Math.max(1, workloads.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, targets.length);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">Requests per second by target and workload (${escape(result.mode)} run)</text>`,
    `<text x="${WIDTH / 2}" y="40" text-anchor="middle" fill="#555">${escape(`Node ${result.machine.node}, ${result.machine.cpu}, ${result.machine.cores} cores, ${result.settings.connections} connections`)}</text>`,
  ];
  for (let value = 0; value <= top; value += step) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(value)}" y2="${y(value)}" stroke="#e0e0e0"/>`,
      `<text x="${MARGIN.left - 8}" y="${y(value) + 4}" text-anchor="end" fill="#555">${value}</text>`,
    );
  }
  parts.push(
    `<text transform="translate(18 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" fill="#555">requests/s</text>`,
  );
  workloads.forEach((workload, group) => {
    const groupLeft = MARGIN.left + group * groupWidth + groupWidth * 0.1;
    targets.forEach((target, index) => {
      const value = rate(target, workload);
      const x = groupLeft + index * barWidth;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(value).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(MARGIN.top + plotHeight - y(value)).toFixed(1)}" fill="${COLORS[index % COLORS.length]}"><title>${escape(`${target}, ${workload}: ${Math.round(value)} req/s`)}</title></rect>`,
        `<text x="${(x + (barWidth - 2) / 2).toFixed(1)}" y="${(y(value) - 4).toFixed(1)}" text-anchor="middle" font-size="10">${Math.round(value)}</text>`,
      );
    });
    parts.push(
      `<text x="${(groupLeft + groupWidth * 0.4).toFixed(1)}" y="${MARGIN.top + plotHeight + 18}" text-anchor="middle">${escape(workload)}</text>`,
    );
  });
  targets.forEach((target, index) => {
    const x = MARGIN.left + index * 110;
    const legendY = HEIGHT - 20;
    parts.push(
      `<rect x="${x}" y="${legendY - 10}" width="12" height="12" fill="${COLORS[index % COLORS.length]}"/>`,
      `<text x="${x + 18}" y="${legendY}">${escape(target)}</text>`,
    );
  });
  parts.push('</svg>', '');
  return parts.join('\n');
}
