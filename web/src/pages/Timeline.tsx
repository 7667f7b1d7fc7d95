import { useMemo } from 'react';
import { api, type Commitment } from '../api.ts';
import { Await } from '../components/Status.tsx';
import { today, useLoad } from '../data.ts';
import { latestStatus, sectionTitle } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { usePaths } from '../paths.tsx';
import { navigate } from '../router.tsx';
import type { AccordData } from './AccordPages.tsx';

// Bar colours: at least 3:1 against white (WCAG 1.4.11), the status also given in words.
const barColour: Record<string, string> = {
  achieved: '#2e7d32',
  partially_achieved: '#5b7f1f',
  in_progress: '#1d4f91',
  not_started: '#616e7c',
  off_track: '#b3261e',
  superseded: '#6b6b6b',
  not_applicable: '#6b6b6b',
  none: '#8a5a00',
};
const legend = [
  'none',
  'not_started',
  'in_progress',
  'partially_achieved',
  'achieved',
  'off_track',
];

const width = 1100;
const labelWidth = 330;
const rowHeight = 24;
const axisHeight = 34;

const day = 86_400_000;
const time = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);

interface Row {
  kind: 'section' | 'commitment';
  section: string;
  commitment?: Commitment;
  undated?: number;
}

/**
 * `/a/:slug/timeline`: a Gantt-like view: for each section, a bar per dated commitment from the
 * signing date to its deadline, coloured by its latest approved status; overdue ones are marked.
 */
export function Timeline({ data }: { data: AccordData }) {
  const { accord } = data;
  const loaded = useLoad(`timeline:${accord.id}`, async () =>
    latestStatus(await api.approvedAssessments(accord.id)),
  );
  return <Await loaded={loaded}>{(status) => <Chart data={data} status={status} />}</Await>;
}

function Chart({ data, status }: { data: AccordData; status: Map<string, string> }) {
  const { t, date, label } = useI18n();
  const paths = usePaths();
  const { accord, commitments } = data;
  const now = today();

  const { rows, start, end } = useMemo(() => {
    const bySection = new Map<string, Commitment[]>();
    for (const c of commitments) bySection.set(c.section, [...(bySection.get(c.section) ?? []), c]);
    const out: Row[] = [];
    let first = accord.signed ?? now;
    let last = now;
    for (const [section, list] of bySection) {
      const dated = list
        .filter((c) => c.deadline?.date)
        .sort((a, b) => (a.deadline!.date! < b.deadline!.date! ? -1 : 1));
      out.push({ kind: 'section', section, undated: list.length - dated.length });
      for (const c of dated) {
        out.push({ kind: 'commitment', section, commitment: c });
        if (c.deadline!.date! > last) last = c.deadline!.date!;
        if (c.deadline!.date! < first) first = c.deadline!.date!;
      }
    }
    return { rows: out, start: time(first), end: Math.max(time(last), time(first) + 365 * day) };
  }, [commitments, accord.signed, now]);

  const dated = rows.filter((r) => r.kind === 'commitment').length;
  const plot = width - labelWidth - 16;
  const x = (ms: number) => labelWidth + ((ms - start) / (end - start)) * plot;
  const height = axisHeight + rows.length * rowHeight + 8;
  const startYear = new Date(start).getUTCFullYear();
  const endYear = new Date(end).getUTCFullYear();
  const step = Math.max(1, Math.ceil((endYear - startYear + 1) / 12));
  const years: number[] = [];
  for (let y = startYear + 1; y <= endYear; y += step) years.push(y);
  const signed = accord.signed ? time(accord.signed) : start;

  return (
    <>
      <h2>{t('timeline.title')}</h2>
      <p className="muted">{t('timeline.intro', { dated, total: commitments.length })}</p>
      <ul className="legend" aria-label={t('timeline.legend')}>
        {legend.map((s) => (
          <li key={s}>
            <span className="swatch" style={{ background: barColour[s] }} aria-hidden="true" />{' '}
            {s === 'none' ? t('reader.unassessed') : label('status', s)}
          </li>
        ))}
        <li>
          <span className="swatch overdue-swatch" aria-hidden="true" /> {t('timeline.overdue')}
        </li>
      </ul>
      <div className="timeline-wrap">
        <svg
          className="timeline"
          data-testid="timeline"
          viewBox={`0 0 ${width} ${height}`}
          width="100%"
          role="group"
          aria-label={t('timeline.caption', { title: accord.title })}
        >
          {years.map((y) => {
            const at = x(Date.UTC(y, 0, 1));
            return (
              <g key={y} aria-hidden="true">
                <line x1={at} x2={at} y1={axisHeight - 6} y2={height} className="grid" />
                <text x={at} y={axisHeight - 12} textAnchor="middle" className="axis">
                  {y}
                </text>
              </g>
            );
          })}
          {now >= (accord.signed ?? '') && time(now) <= end && (
            <g aria-hidden="true">
              <line
                x1={x(time(now))}
                x2={x(time(now))}
                y1={axisHeight - 4}
                y2={height}
                className="today"
              />
              <text x={x(time(now)) + 4} y={12} className="axis today-label">
                {t('timeline.today')}
              </text>
            </g>
          )}
          {rows.map((r, i) => {
            const y = axisHeight + i * rowHeight;
            if (r.kind === 'section')
              return (
                <g key={`s-${r.section}`} className="timeline-section">
                  <rect x={0} y={y} width={width} height={rowHeight} className="section-band" />
                  <text x={6} y={y + 16} className="section-label">
                    {truncate(sectionTitle(t, r.section, accord.sections), 70)}
                    {r.undated ? ` · ${t('timeline.undated', { count: r.undated })}` : ''}
                  </text>
                </g>
              );
            const c = r.commitment!;
            const deadline = c.deadline!.date!;
            const s = status.get(c.id) ?? 'none';
            const overdue = deadline < now && s !== 'achieved';
            const x0 = x(signed);
            const x1 = Math.max(x(time(deadline)), x0 + 3);
            const href = paths.commitment(c.id, accord.slug);
            // The visible label starts the accessible name (WCAG 2.5.3); the full text is the title.
            const shown = truncate(`${c.id}. ${c.text}`, 48);
            const name = t('timeline.bar', {
              id: c.id,
              deadline: date(deadline),
              status: s === 'none' ? t('reader.unassessed') : label('status', s),
            });
            return (
              <a
                key={c.id}
                href={href}
                aria-label={`${shown}: ${name}${overdue ? ` (${t('timeline.overdue')})` : ''}`}
                onClick={(event) => {
                  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
                    return;
                  event.preventDefault();
                  navigate(href);
                  window.scrollTo(0, 0);
                }}
                data-commitment={c.id}
                className="timeline-row"
              >
                <title>{`${name}: ${c.text}`}</title>
                <text x={14} y={y + 16} className="row-label">
                  {shown}
                </text>
                <rect
                  x={x0}
                  y={y + 5}
                  width={x1 - x0}
                  height={rowHeight - 10}
                  rx={3}
                  fill={barColour[s] ?? barColour.none}
                />
                {overdue && (
                  <path
                    d={`M${x1 + 2} ${y + 4} l8 8 l-8 8 z`}
                    className="overdue-mark"
                    data-overdue="1"
                  />
                )}
              </a>
            );
          })}
        </svg>
      </div>
    </>
  );
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
