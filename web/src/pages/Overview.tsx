import { lazy, Suspense, useMemo } from 'react';
import type { Accord, Commitment, Rollups } from '../api.ts';
import { Await } from '../components/Status.tsx';
import { today, type Loaded } from '../data.ts';
import { deadlineText, sectionName, sectionTitle } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { usePaths } from '../paths.tsx';
import { Link } from '../router.tsx';

// The chart library is loaded with the overview only: the other pages never need it.
const BarChart = lazy(() =>
  import('../components/BarChart.tsx').then((m) => ({ default: m.BarChart })),
);
const GroupedBarChart = lazy(() =>
  import('../components/BarChart.tsx').then((m) => ({ default: m.GroupedBarChart })),
);

function DeadlineList({
  items,
  empty,
  slug,
}: {
  items: Commitment[];
  empty: string;
  slug: string;
}) {
  const { date, t } = useI18n();
  const paths = usePaths();
  if (items.length === 0) return <p>{empty}</p>;
  return (
    <ul className="deadlines">
      {items.map((c) => (
        <li key={c.id}>
          <span className="when">{deadlineText(date, c)}</span>{' '}
          <Link to={paths.commitment(c.id, slug)}>{c.text}</Link>{' '}
          <span className="muted">({sectionName(t, c.section)})</span>
        </li>
      ))}
    </ul>
  );
}

/** The overview: headline figures, commitments by section, compliance, deadlines. */
export function Overview({
  accord,
  commitments: loadedCommitments,
  rollups,
}: {
  accord: Accord;
  /** The register, or null while it loads: the figures do not wait for it. */
  commitments: Commitment[] | null;
  rollups: Loaded<Rollups>;
}) {
  const { t, party } = useI18n();
  const commitments = useMemo(() => loadedCommitments ?? [], [loadedCommitments]);
  const now = today();

  const bySection = useMemo(() => {
    const counts = new Map<string, number>();
    for (const c of commitments) counts.set(c.section, (counts.get(c.section) ?? 0) + 1);
    return [...counts].map(([section, value]) => ({
      label: sectionTitle(t, section, accord.sections),
      value,
    }));
  }, [commitments, accord.sections, t]);

  const dated = commitments
    .filter((c) => c.deadline?.date)
    .sort((a, b) => (a.deadline?.date ?? '').localeCompare(b.deadline?.date ?? ''));
  const next = dated.filter((c) => (c.deadline?.date ?? '') >= now).slice(0, 5);
  const overdue = dated.filter((c) => (c.deadline?.date ?? '') < now);

  return (
    <Await loaded={rollups}>
      {(r) => {
        const partyName = (code: string) =>
          party(code, accord.parties.find((p) => p.code === code)?.name);
        const figures: [string, string, string][] = [
          ['commitments', t('overview.commitments'), String(accord.commitments)],
          ['achieved', t('overview.achieved'), String(r.countsByStatus.achieved ?? 0)],
          ['in-progress', t('overview.inProgress'), String(r.countsByStatus.in_progress ?? 0)],
          ['overdue', t('overview.overdue'), String(r.overdue)],
          ...r.byParty.map((p): [string, string, string] => [
            `compliance-${p.party}`,
            t('overview.compliance', { party: partyName(p.party) }),
            p.compliance === null ? t('overview.notAssessed') : `${Math.round(p.compliance)}%`,
          ]),
        ];
        const scored = r.byParty.filter((p) => p.compliance !== null);
        return (
          <>
            <section aria-labelledby="figures-h">
              <h2 id="figures-h" className="visually-hidden">
                {t('overview.figures')}
              </h2>
              <dl className="figures">
                {figures.map(([id, label, value]) => (
                  <div key={id} className="figure" data-figure={id}>
                    <dt>{label}</dt>
                    <dd className={/^\d+%?$/.test(value) ? undefined : 'figure-text'}>{value}</dd>
                  </div>
                ))}
              </dl>
            </section>
            <div className="columns">
              <section aria-labelledby="by-section-h">
                <h2 id="by-section-h">{t('overview.bySection')}</h2>
                {loadedCommitments === null ? (
                  <p role="status">{t('common.loading')}</p>
                ) : (
                  <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
                    <BarChart
                      bars={bySection}
                      label={t('overview.chartLabel', {
                        summary: bySection.map((b) => `${b.label}: ${b.value}`).join('; '),
                      })}
                    />
                  </Suspense>
                )}
              </section>
              <section aria-labelledby="by-party-h">
                <h2 id="by-party-h">{t('overview.byParty')}</h2>
                {scored.length === 0 ? (
                  <p>{t('overview.noCompliance')}</p>
                ) : (
                  <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
                    <BarChart
                      bars={scored.map((p) => ({
                        label: partyName(p.party),
                        value: Math.round(p.compliance ?? 0),
                      }))}
                      max={100}
                      unit="%"
                      label={t('overview.chartLabel', {
                        summary: scored
                          .map((p) => `${partyName(p.party)}: ${Math.round(p.compliance ?? 0)}%`)
                          .join('; '),
                      })}
                    />
                  </Suspense>
                )}
              </section>
            </div>
            <section aria-labelledby="by-cycle-h">
              <h2 id="by-cycle-h">{t('overview.byCycle')}</h2>
              {r.byCycle.every((y) => y.overall === null) ? (
                <p>{t('overview.noCycle')}</p>
              ) : (
                <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
                  <GroupedBarChart
                    categories={r.byCycle.map((y) => y.name)}
                    series={accord.parties.map((p) => ({
                      name: partyName(p.code),
                      values: r.byCycle.map((y) => {
                        const v = y.byParty.find((b) => b.party === p.code)?.compliance;
                        return v === null || v === undefined ? null : Math.round(v);
                      }),
                    }))}
                    max={100}
                    unit="%"
                    label={t('overview.chartLabel', {
                      summary: r.byCycle
                        .map(
                          (y) =>
                            `${y.name}: ${y.byParty
                              .map(
                                (b) =>
                                  `${partyName(b.party)} ${b.compliance === null ? t('overview.notAssessed') : `${Math.round(b.compliance)}%`}`,
                              )
                              .join(', ')}`,
                        )
                        .join('; '),
                    })}
                  />
                </Suspense>
              )}
            </section>
            <div className="columns">
              <section aria-labelledby="next-h">
                <h2 id="next-h">{t('overview.nextDeadlines')}</h2>
                {loadedCommitments === null ? (
                  <p role="status">{t('common.loading')}</p>
                ) : (
                  <DeadlineList items={next} empty={t('overview.noNext')} slug={accord.slug} />
                )}
              </section>
              <section aria-labelledby="overdue-h">
                <h2 id="overdue-h">{t('overview.overdueList')}</h2>
                {loadedCommitments === null ? (
                  <p role="status">{t('common.loading')}</p>
                ) : (
                  <DeadlineList
                    items={overdue}
                    empty={t('overview.noOverdue')}
                    slug={accord.slug}
                  />
                )}
              </section>
            </div>
          </>
        );
      }}
    </Await>
  );
}
