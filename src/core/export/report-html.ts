import type { Rollup, StatusCounts } from '../tracking/rollups.ts';
import { statuses } from '../tracking/status.ts';
import type { RegisterRow } from './register-table.ts';

/** What the printable progress report shows. */
export interface ReportInput {
  agreement: {
    title: string;
    signed: string | null;
    place: string | null;
    sourceUrl: string | null;
  };
  parties: { code: string; name: string }[];
  cycle: { name: string; cutoff: string } | null;
  today: string;
  rollup: Rollup;
  sections: { key: string; title: string }[];
  rows: RegisterRow[];
  evidence: Map<
    string,
    { title: string; url: string | null; published: string; publisher: string | null }
  >;
}

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n)}%`);

const statusColours: Record<string, string> = {
  achieved: '#1a7f37',
  partially_achieved: '#6cb36c',
  in_progress: '#d4a72c',
  not_started: '#9a6700',
  off_track: '#cf222e',
  superseded: '#8c959f',
  not_applicable: '#afb8c1',
  unassessed: '#eaeef2',
};
const label = (s: string) => s.replaceAll('_', ' ');

/**
 * Horizontal bars as inline SVG (no script, prints as vector): one bar per item, 0 to 100.
 *
 * @example barChart('Compliance by party', [{ label: 'GB', value: 75 }])
 */
export function barChart(title: string, items: { label: string; value: number | null }[]): string {
  const rowHeight = 26;
  const labelWidth = 190;
  const width = 640;
  const height = items.length * rowHeight + 30;
  const scale = (width - labelWidth - 60) / 100;
  const bars = items
    .map((item, i) => {
      const y = 20 + i * rowHeight;
      const w = item.value === null ? 0 : Math.max(1, item.value * scale);
      return `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${esc(truncate(item.label, 30))}</text><rect x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowHeight - 8}" fill="#0969da"><title>${esc(item.label)}: ${pct(item.value)}</title></rect><text x="${labelWidth + w + 6}" y="${y + 15}">${pct(item.value)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="100%" font-size="12" font-family="sans-serif"><title>${esc(title)}</title><line x1="${labelWidth}" y1="14" x2="${labelWidth}" y2="${height - 6}" stroke="#57606a"/>${bars}</svg>`;
}

/**
 * One stacked bar of status counts with a legend, as inline SVG.
 *
 * @example statusChart(rollup.countsByStatus)
 */
export function statusChart(counts: StatusCounts): string {
  const keys = [...statuses, 'unassessed'] as const;
  const total = keys.reduce((n, k) => n + counts[k], 0) || 1;
  const width = 640;
  let x = 0;
  const parts = keys
    .filter((k) => counts[k] > 0)
    .map((k) => {
      const w = (counts[k] / total) * width;
      const rect = `<rect x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="28" fill="${statusColours[k]}"><title>${label(k)}: ${counts[k]}</title></rect>`;
      x += w;
      return rect;
    })
    .join('');
  const legend = keys
    .map(
      (k, i) =>
        `<rect x="${(i % 4) * 160}" y="${40 + Math.floor(i / 4) * 20}" width="12" height="12" fill="${statusColours[k]}"/><text x="${(i % 4) * 160 + 18}" y="${50 + Math.floor(i / 4) * 20}">${label(k)} (${counts[k]})</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Commitments by status" viewBox="0 0 ${width} 84" width="100%" font-size="12" font-family="sans-serif"><title>Commitment–party pairs by status</title>${parts}${legend}</svg>`;
}

/**
 * The printable progress report of an agreement as one HTML page (print CSS, inline SVG charts,
 * no scripts): summary figures, charts, a table per section with each party's approved status,
 * and numbered evidence citations.
 */
export function reportHtml(input: ReportInput): string {
  const r = input.rollup;
  const citations = new Map<string, number>();
  const cite = (ids: string[]) =>
    ids
      .filter((id) => input.evidence.has(id))
      .map((id) => {
        if (!citations.has(id)) citations.set(id, citations.size + 1);
        return `<a href="#ev-${esc(id)}">[${citations.get(id)}]</a>`;
      })
      .join(' ');
  const bySection = new Map<string, RegisterRow[]>();
  for (const row of input.rows)
    bySection.set(row.commitment.section, [...(bySection.get(row.commitment.section) ?? []), row]);
  const sectionTitle = new Map(input.sections.map((s) => [s.key, s.title]));
  // The preamble first, then the sections in reading order, then anything else.
  const order = [
    ...(bySection.has('preamble') ? ['preamble'] : []),
    ...input.sections.map((s) => s.key).filter((k) => k !== 'preamble' && bySection.has(k)),
    ...[...bySection.keys()].filter((k) => k !== 'preamble' && !sectionTitle.has(k)),
  ];
  const partyCodes = input.parties.map((p) => p.code);
  const tables = order
    .map((key) => {
      const rows = bySection.get(key)!;
      const body = rows
        .map((row) => {
          const c = row.commitment;
          const cells = partyCodes
            .map((p) => {
              const a = row.parties[p];
              if (!a) return '<td class="status unassessed">not assessed</td>';
              const score = a.score === null ? '' : ` (${a.score > 0 ? '+' : ''}${a.score})`;
              return `<td class="status"><span class="dot" style="background:${statusColours[a.status] ?? '#999'}"></span>${esc(label(a.status))}${score}${a.rationale ? `<div class="rationale">${esc(a.rationale)}</div>` : ''}${a.evidence.length ? `<div class="cite">${cite(a.evidence)}</div>` : ''}</td>`;
            })
            .join('');
          const deadline = c.deadlineDate ?? (c.deadlinePhrase ? esc(c.deadlinePhrase) : '—');
          return `<tr><td class="text">${esc(c.text)}${row.evidence.length ? ` <span class="cite">${cite(row.evidence)}</span>` : ''}</td><td class="deadline">${deadline}</td>${cells}</tr>`;
        })
        .join('\n');
      return `<section class="register"><h3>${esc(sectionTitle.get(key) ?? (key === 'preamble' ? 'Preamble' : `Section ${key}`))}</h3>
<table><thead><tr><th>Commitment</th><th>Deadline</th>${input.parties.map((p) => `<th>${esc(p.name)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody></table></section>`;
    })
    .join('\n');
  const evidenceList = [...citations]
    .map(([id, n]) => {
      const e = input.evidence.get(id)!;
      const title = e.url ? `<a href="${esc(e.url)}">${esc(e.title)}</a>` : esc(e.title);
      return `<li id="ev-${esc(id)}" value="${n}">${title}${e.publisher ? `, ${esc(e.publisher)}` : ''}, ${esc(e.published)}${e.url ? ` <span class="url">${esc(e.url)}</span>` : ''}</li>`;
    })
    .join('\n');
  const figures = [
    ['Commitments', String(input.rows.length)],
    ['Overall compliance', pct(r.overall.compliance)],
    ...r.byParty.map((p) => [
      `${input.parties.find((x) => x.code === p.party)?.name ?? p.party}`,
      pct(p.compliance),
    ]),
    ['Overdue', String(r.overdue)],
    ['On time', r.onTimeRate === null ? '—' : pct(r.onTimeRate * 100)],
  ]
    .map(
      ([k, v]) =>
        `<div class="figure"><div class="value">${esc(v!)}</div><div class="label">${esc(k!)}</div></div>`,
    )
    .join('');
  const a = input.agreement;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${esc(a.title)}: progress report${input.cycle ? `, ${esc(input.cycle.name)}` : ''}</title>
<style>
  body { font-family: "Noto Sans", "Noto Sans CJK JP", system-ui, sans-serif; color: #1f2328; margin: 2rem auto; max-width: 60rem; line-height: 1.4; }
  h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #d0d7de; } h3 { margin-top: 1.5rem; }
  .meta { color: #57606a; }
  .figures { display: flex; flex-wrap: wrap; gap: .8rem; margin: 1rem 0; }
  .figure { border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem .8rem; min-width: 8rem; }
  .figure .value { font-size: 1.5rem; font-weight: 600; } .figure .label { color: #57606a; font-size: .85rem; }
  table { width: 100%; border-collapse: collapse; font-size: .85rem; }
  th, td { border: 1px solid #d0d7de; padding: .3rem .4rem; vertical-align: top; text-align: left; }
  th { background: #f6f8fa; } td.deadline { white-space: nowrap; } td.status { width: 14%; }
  .dot { display: inline-block; width: .6rem; height: .6rem; border-radius: 50%; margin-right: .3rem; }
  .rationale { color: #57606a; font-size: .8rem; margin-top: .2rem; } .cite a { text-decoration: none; }
  .url { color: #57606a; font-size: .8rem; word-break: break-all; }
  .charts svg { max-width: 40rem; display: block; margin: .5rem 0 1rem; }
  @page { size: A4; margin: 15mm 12mm; }
  @media print {
    body { margin: 0; max-width: none; font-size: 10pt; }
    h2 { break-before: auto; } section.register { break-inside: auto; }
    tr, .figure, svg { break-inside: avoid; } thead { display: table-header-group; }
    a { color: inherit; }
  }
</style></head>
<body>
<header>
<h1>${esc(a.title)}</h1>
<p class="meta">Progress report${input.cycle ? `, cycle “${esc(input.cycle.name)}” (to ${esc(input.cycle.cutoff)})` : ''}. ${a.signed ? `Signed ${esc(a.signed)}${a.place ? ` in ${esc(a.place)}` : ''}. ` : ''}Parties: ${input.parties.map((p) => esc(p.name)).join(', ')}. Approved assessments only; generated ${esc(input.today)}.${a.sourceUrl ? ` Source: <a href="${esc(a.sourceUrl)}">${esc(a.sourceUrl)}</a>.` : ''}</p>
</header>
<h2>Summary</h2>
<div class="figures">${figures}</div>
<div class="charts">
<h3>Commitment–party pairs by status</h3>
${statusChart(r.countsByStatus)}
<h3>Compliance by party</h3>
${barChart(
  'Compliance by party',
  r.byParty.map((p) => ({
    label: input.parties.find((x) => x.code === p.party)?.name ?? p.party,
    value: p.compliance,
  })),
)}
<h3>Compliance by section</h3>
${barChart(
  'Compliance by section',
  r.bySection.map((s) => ({
    label: sectionTitle.get(s.section) ?? s.section,
    value: s.compliance,
  })),
)}
</div>
<h2>Commitments by section</h2>
${tables}
<h2>Evidence cited</h2>
${citations.size ? `<ol class="evidence">\n${evidenceList}\n</ol>` : '<p>No evidence is cited yet.</p>'}
</body></html>
`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
