import type { SelectorName, TtsMetrics } from '../../../schema/tts.js';

/** One line of the chart: a label, a colour, a dash pattern and a value (or a gap) per k. */
interface Series {
  label: string;
  color: string;
  dash: string;
  values: (number | null)[];
}

const style: Record<SelectorName | 'pass', { label: string; color: string; dash: string }> = {
  pass: { label: 'pass@k (oracle)', color: '#222222', dash: '6 4' },
  verifier: { label: 'verifier (TTS@k)', color: '#d62728', dash: '' },
  majority: { label: 'majority vote', color: '#1f77b4', dash: '' },
  shortest: { label: 'shortest patch', color: '#2ca02c', dash: '' },
  random: { label: 'random', color: '#7f7f7f', dash: '2 3' },
};

const box = { width: 720, height: 420, left: 64, right: 200, top: 44, bottom: 56 };
const font = 'font-family="DejaVu Sans, Arial, Helvetica, sans-serif"';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function seriesOf(metrics: TtsMetrics): Series[] {
  const pass = { ...style.pass, values: metrics.k.map((at) => at.pass_at_k) };
  const order: SelectorName[] = ['verifier', 'majority', 'shortest', 'random'];
  const selected = order
    .filter((name) => metrics.selectors.includes(name))
    .map((name) => ({ ...style[name], values: metrics.k.map((at) => at.best_at_k[name]?.rate ?? null) }));
  return [pass, ...selected];
}

/** Draw order: pass@k last, so its dashes stay visible where a selector reaches the oracle. */
const drawOrder = (series: Series[]) => [...series.slice(1), ...series.slice(0, 1)];

/** x positions on a log2 axis across the plot width (a single k sits in the middle). */
function xPositions(ks: number[]): number[] {
  const plot = box.width - box.left - box.right;
  const logs = ks.map((k) => Math.log2(k));
  const [min, max] = [Math.min(...logs), Math.max(...logs)];
  return logs.map((l) => box.left + (max === min ? plot / 2 : ((l - min) / (max - min)) * plot));
}

const yOf = (rate: number) => box.top + (1 - rate) * (box.height - box.top - box.bottom);

function axes(metrics: TtsMetrics, xs: number[]): string[] {
  const ks = metrics.k.map((at) => at.k);
  const counts = metrics.k.map((at) => at.instances);
  const varying = new Set(counts).size > 1;
  const right = box.width - box.right;
  const bottom = box.height - box.bottom;
  const parts = [`<line x1="${box.left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#333"/>`];
  for (let tick = 0; tick <= 100; tick += 20) {
    const y = yOf(tick / 100).toFixed(1);
    parts.push(
      `<line x1="${box.left}" y1="${y}" x2="${right}" y2="${y}" stroke="#e5e5e5"/>`,
      `<text x="${box.left - 8}" y="${y}" dy="4" text-anchor="end" font-size="12" ${font}>${tick}%</text>`,
    );
  }
  ks.forEach((k, i) => {
    const x = xs[i]!.toFixed(1);
    parts.push(`<text x="${x}" y="${bottom + 18}" text-anchor="middle" font-size="12" ${font}>${k}</text>`);
    if (varying)
      parts.push(
        `<text x="${x}" y="${bottom + 31}" text-anchor="middle" font-size="10" fill="#666" ${font}>${counts[i]} inst.</text>`,
      );
  });
  parts.push(
    `<text x="${(box.left + right) / 2}" y="${box.height - 10}" text-anchor="middle" font-size="13" ${font}>k (candidates per instance, log scale)</text>`,
    `<text x="16" y="${(box.top + bottom) / 2}" text-anchor="middle" font-size="13" ${font} transform="rotate(-90 16 ${(box.top + bottom) / 2})">resolve rate</text>`,
  );
  return parts;
}

function line(series: Series, xs: number[]): string[] {
  const points = series.values.flatMap((v, i) => (v === null ? [] : [[xs[i]!, yOf(v)] as const]));
  const dash = series.dash ? ` stroke-dasharray="${series.dash}"` : '';
  const path = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  return [
    ...(points.length > 1
      ? [`<path d="${path}" fill="none" stroke="${series.color}" stroke-width="2.5"${dash}/>`]
      : []),
    ...points.map(
      ([x, y]) => `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4" fill="${series.color}"/>`,
    ),
  ];
}

function legend(series: Series[]): string[] {
  const x = box.width - box.right + 20;
  return series.flatMap((s, i) => {
    const y = box.top + 10 + i * 24;
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    return [
      `<line x1="${x}" y1="${y}" x2="${x + 28}" y2="${y}" stroke="${s.color}" stroke-width="2.5"${dash}/>`,
      `<text x="${x + 36}" y="${y}" dy="4" font-size="12" ${font}>${escape(s.label)}</text>`,
    ];
  });
}

/** The resolve-rate curves against k as a standalone SVG: pass@k and one line per selector. */
export function renderCurveSvg(metrics: TtsMetrics, title = 'Resolve rate against k'): string {
  const ks = metrics.k.map((at) => at.k);
  const xs = xPositions(ks);
  const series = seriesOf(metrics);
  const heading = `${title} (${metrics.instances} instances, ${metrics.trajectories} trajectories)`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${box.width}" height="${box.height}" viewBox="0 0 ${box.width} ${box.height}">`,
    `<rect width="${box.width}" height="${box.height}" fill="#ffffff"/>`,
    `<text x="${box.left}" y="26" font-size="15" font-weight="bold" ${font}>${escape(heading)}</text>`,
    ...axes(metrics, xs),
    ...drawOrder(series).flatMap((s) => line(s, xs)),
    ...legend(series),
    '</svg>',
    '',
  ].join('\n');
}
