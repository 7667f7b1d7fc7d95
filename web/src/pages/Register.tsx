import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { api, type Commitment } from '../api.ts';
import { today, useLoad } from '../data.ts';
import { deadlineText, isOverdue, latestStatus, sectionName } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { usePaths } from '../paths.tsx';
import { Link, useQuery } from '../router.tsx';
import type { AccordData } from './AccordPages.tsx';

/** A facet's choice: its value in the URL, and its label. */
type Option = readonly [string, string];

const firstRows = 200;
const moreRows = 400;

type SortKey = 'id' | 'section' | 'deadline' | 'strength';
const sortKeys: readonly SortKey[] = ['id', 'section', 'deadline', 'strength'];

function compare(key: SortKey, a: Commitment, b: Commitment, order: Map<string, number>): number {
  switch (key) {
    case 'id':
      return Number(a.id) - Number(b.id);
    case 'section':
      return (order.get(a.section) ?? 0) - (order.get(b.section) ?? 0);
    case 'deadline': {
      // Dated first (soonest first), then vague phrases, then none.
      const da = a.deadline?.date ?? (a.deadline ? '9998' : '9999');
      const db = b.deadline?.date ?? (b.deadline ? '9998' : '9999');
      return da.localeCompare(db);
    }
    case 'strength':
      return a.strength.localeCompare(b.strength);
  }
}

/** Words of a commitment that the text filter looks in. */
function haystack(c: Commitment): string {
  return [
    c.text,
    ...c.topics,
    ...c.actors,
    ...c.instruments,
    ...c.targets,
    c.deadline?.phrase ?? '',
  ]
    .join(' ')
    .toLowerCase();
}

/** Columns a reader may add to the register (`cols=` in the URL). */
const extraColumns = ['actors', 'instruments', 'status'] as const;
type ExtraColumn = (typeof extraColumns)[number];

/**
 * `/a/:slug/register`: the whole register (every page of the API's list), filtered and sorted
 * in the browser. Filters, columns and sort live in the query string: q, section, topic, actor,
 * instrument, status (latest approved status, or `unassessed`), deadline (dated|vague|none),
 * overdue=1, cols (actors,instruments,status), sort, dir.
 */
export function Register({ data }: { data: AccordData }) {
  const { t, date, label, list } = useI18n();
  const [query, setQuery] = useQuery();
  const paths = usePaths();
  const tbody = useRef<HTMLTableSectionElement>(null);
  const { accord, commitments } = data;

  const q = query.get('q') ?? '';
  const section = query.get('section') ?? '';
  const topic = query.get('topic') ?? '';
  const deadline = query.get('deadline') ?? '';
  const overdue = query.get('overdue') === '1';
  const actor = query.get('actor') ?? '';
  const instrument = query.get('instrument') ?? '';
  const status = query.get('status') ?? '';
  const cols = new Set(
    (query.get('cols') ?? '')
      .split(',')
      .filter((c): c is ExtraColumn => (extraColumns as readonly string[]).includes(c)),
  );
  const approved = useLoad(`register-status:${accord.id}`, () =>
    api.approvedAssessments(accord.id),
  );
  const statusOf = useMemo(
    () => (approved.state === 'ready' ? latestStatus(approved.data) : new Map<string, string>()),
    [approved],
  );
  const actors = useMemo(
    () => [...new Set(commitments.flatMap((c) => c.actors))].sort(),
    [commitments],
  );
  const instruments = useMemo(
    () => [...new Set(commitments.flatMap((c) => c.instruments))].sort(),
    [commitments],
  );
  const statusesFound = useMemo(() => [...new Set(statusOf.values())].sort(), [statusOf]);
  const sortParam = query.get('sort');
  const sort: SortKey = sortKeys.find((k) => k === sortParam) ?? 'id';
  const dir = query.get('dir') === 'desc' ? 'desc' : 'asc';

  const sections = useMemo(() => [...new Set(commitments.map((c) => c.section))], [commitments]);
  const sectionOrder = useMemo(() => new Map(sections.map((s, i) => [s, i])), [sections]);
  const topics = useMemo(
    () => [...new Set(commitments.flatMap((c) => c.topics))].sort(),
    [commitments],
  );

  const rows = useMemo(() => {
    const now = today();
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    const kept = commitments.filter((c) => {
      if (section && c.section !== section) return false;
      if (topic && !c.topics.includes(topic)) return false;
      if (deadline === 'dated' && !c.deadline?.date) return false;
      if (deadline === 'vague' && (!c.deadline || c.deadline.date)) return false;
      if (deadline === 'none' && c.deadline) return false;
      if (overdue && !isOverdue(c, now)) return false;
      if (actor && !c.actors.includes(actor)) return false;
      if (instrument && !c.instruments.includes(instrument)) return false;
      if (status && (statusOf.get(c.id) ?? 'unassessed') !== status) return false;
      if (words.length > 0) {
        const h = haystack(c);
        if (!words.every((w) => h.includes(w))) return false;
      }
      return true;
    });
    const sign = dir === 'desc' ? -1 : 1;
    return kept.sort(
      (a, b) => sign * compare(sort, a, b, sectionOrder) || Number(a.id) - Number(b.id),
    );
  }, [
    commitments,
    q,
    section,
    topic,
    deadline,
    overdue,
    actor,
    instrument,
    status,
    statusOf,
    sort,
    dir,
    sectionOrder,
  ]);

  // Rows are added to the page as the reader scrolls (a first screenful, then more), so that a
  // register of thousands of commitments filters and sorts without blocking the page.
  const [shown, setShown] = useState(firstRows);
  useEffect(() => setShown(firstRows), [rows]);
  const more = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const sentinel = more.current;
    if (!sentinel || shown >= rows.length) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setShown((n) => n + moreRows);
      },
      { rootMargin: '800px' },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [shown, rows.length]);
  const focusRow = (index: number) =>
    requestAnimationFrame(() =>
      tbody.current?.querySelectorAll<HTMLAnchorElement>('a.row-link')[index]?.focus(),
    );

  const columns: [SortKey | null, string][] = [
    ['id', t('register.col.id')],
    ['section', t('register.col.section')],
    [null, t('register.col.text')],
    ['deadline', t('register.col.deadline')],
    [null, t('register.col.topics')],
    ['strength', t('register.col.strength')],
    ...extraColumns
      .filter((c) => cols.has(c))
      .map((c): [SortKey | null, string] => [null, t(`register.col.${c}`)]),
  ];
  const toggleColumn = (c: ExtraColumn, on: boolean) => {
    const next = extraColumns.filter((x) => (x === c ? on : cols.has(x)));
    setQuery({ cols: next.join(',') || null });
  };

  // Arrow keys move between rows (to each row's link), Home/End to the first/last row.
  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const links = Array.from(
      tbody.current?.querySelectorAll<HTMLAnchorElement>('a.row-link') ?? [],
    );
    const current = links.findIndex((l) => l === document.activeElement);
    // Beyond the rows on the page: add them, then move.
    if (
      (event.key === 'End' || (event.key === 'ArrowDown' && current === links.length - 1)) &&
      shown < rows.length
    ) {
      event.preventDefault();
      const target = event.key === 'End' ? rows.length - 1 : current + 1;
      setShown(event.key === 'End' ? rows.length : shown + moreRows);
      focusRow(target);
      return;
    }
    let next = -1;
    if (event.key === 'ArrowDown') next = Math.min(links.length - 1, current + 1);
    else if (event.key === 'ArrowUp') next = Math.max(0, current - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = links.length - 1;
    const target = next >= 0 ? links[next] : undefined;
    if (target) {
      event.preventDefault();
      target.focus();
    }
  };

  const filtered = q || section || topic || deadline || overdue || actor || instrument || status;

  return (
    <>
      <h2>{t('register.title')}</h2>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field grow">
          <label htmlFor="register-q">{t('register.search')}</label>
          <input
            id="register-q"
            type="search"
            value={q}
            onChange={(e) => setQuery({ q: e.target.value })}
          />
        </div>
        {(
          [
            [
              'section',
              t('register.section'),
              section,
              [['', t('register.all')], ...sections.map((s): Option => [s, sectionName(t, s)])],
            ],
            [
              'topic',
              t('register.topic'),
              topic,
              [['', t('register.all')], ...topics.map((s): Option => [s, label('topic', s)])],
            ],
            [
              'deadline',
              t('register.deadline'),
              deadline,
              [
                ['', t('register.deadline.any')],
                ['dated', t('register.deadline.dated')],
                ['vague', t('register.deadline.vague')],
                ['none', t('register.deadline.none')],
              ],
            ],
            [
              'actor',
              t('register.actor'),
              actor,
              [['', t('register.all')], ...actors.map((a): Option => [a, a])],
            ],
            [
              'instrument',
              t('register.instrument'),
              instrument,
              [['', t('register.all')], ...instruments.map((a): Option => [a, a])],
            ],
            [
              'status',
              t('register.status'),
              status,
              [
                ['', t('register.all')],
                ['unassessed', t('reader.unassessed')],
                ...statusesFound.map((s): Option => [s, label('status', s)]),
              ],
            ],
          ] as const
        ).map(([name, text, value, options]) => (
          <div className="field" key={name}>
            <label htmlFor={`register-${name}`}>{text}</label>
            <select
              id={`register-${name}`}
              value={value}
              onChange={(e) => setQuery({ [name]: e.target.value })}
            >
              {options.map(([v, optionText]) => (
                <option key={v} value={v}>
                  {optionText}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div className="field check">
          <input
            id="register-overdue"
            type="checkbox"
            checked={overdue}
            onChange={(e) => setQuery({ overdue: e.target.checked ? '1' : null })}
          />
          <label htmlFor="register-overdue">{t('register.overdue')}</label>
        </div>
        {filtered && (
          <button
            type="button"
            onClick={() =>
              setQuery({
                q: null,
                section: null,
                topic: null,
                deadline: null,
                overdue: null,
                actor: null,
                instrument: null,
                status: null,
              })
            }
          >
            {t('register.clear')}
          </button>
        )}
      </form>
      <fieldset className="columns-choice">
        <legend>{t('register.columns')}</legend>
        {extraColumns.map((c) => (
          <label key={c} className="check">
            <input
              type="checkbox"
              checked={cols.has(c)}
              onChange={(e) => toggleColumn(c, e.target.checked)}
            />{' '}
            {t(`register.col.${c}`)}
          </label>
        ))}
      </fieldset>
      <p role="status" className="count" data-testid="register-count">
        {t('register.count', { shown: rows.length, total: commitments.length })}
      </p>
      <div className="table-wrap">
        <table className="table register" data-testid="register">
          <caption className="visually-hidden">
            {t('register.caption', { title: accord.title })}
          </caption>
          <thead>
            <tr>
              {columns.map(([key, name], i) => (
                <th
                  key={i}
                  scope="col"
                  aria-sort={
                    key && key === sort ? (dir === 'asc' ? 'ascending' : 'descending') : undefined
                  }
                >
                  {key ? (
                    <button
                      type="button"
                      className="sort"
                      title={t('register.sortBy', { column: name })}
                      onClick={() =>
                        setQuery({
                          sort: key,
                          dir: key === sort && dir === 'asc' ? 'desc' : 'asc',
                        })
                      }
                    >
                      {name}
                      <span aria-hidden="true">
                        {key === sort ? (dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}
                      </span>
                    </button>
                  ) : (
                    name
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody ref={tbody} onKeyDown={onKeyDown}>
            {rows.slice(0, shown).map((c) => (
              <tr key={c.id} data-commitment={c.id}>
                <td className="num">{c.id}</td>
                <td>{sectionName(t, c.section)}</td>
                <td>
                  <Link className="row-link" to={paths.commitment(c.id, accord.slug)}>
                    {c.text}
                  </Link>
                </td>
                <td>{deadlineText(date, c)}</td>
                <td>{list(c.topics.map((x) => label('topic', x)))}</td>
                <td>{label('strength', c.strength)}</td>
                {cols.has('actors') && <td>{list(c.actors)}</td>}
                {cols.has('instruments') && <td>{list(c.instruments)}</td>}
                {cols.has('status') && (
                  <td>
                    {statusOf.has(c.id) ? (
                      <span className={`status status-${statusOf.get(c.id)}`}>
                        {label('status', statusOf.get(c.id) ?? '')}
                      </span>
                    ) : (
                      t('reader.unassessed')
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown < rows.length && <div ref={more} className="more-rows" aria-hidden="true" />}
      {rows.length === 0 && <p>{t('register.empty')}</p>}
    </>
  );
}
