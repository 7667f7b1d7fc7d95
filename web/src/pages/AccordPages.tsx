import { api, type Accord, type Commitment, type Rollups } from '../api.ts';
import { Await } from '../components/Status.tsx';
import { useLoad, type Loaded } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { usePaths } from '../paths.tsx';
import { Link } from '../router.tsx';
import { Overview } from './Overview.tsx';
import { Reader } from './Reader.tsx';
import { Register } from './Register.tsx';
import { Timeline } from './Timeline.tsx';

export type AccordView = 'overview' | 'register' | 'read' | 'timeline';

export interface AccordData {
  accord: Accord;
  commitments: Commitment[];
}

/** `/a/:slug`, `/a/:slug/register`, `/a/:slug/read`: one agreement, its tabs, and the view. */
export function AccordPages({ slug, view }: { slug: string; view: AccordView }) {
  const { t, date, party, list } = useI18n();
  // Three reads at once: the figures of the overview need only the agreement and its roll-ups,
  // so they show without waiting for the whole register.
  // The roll-ups are asked for before the register: the embedded database answers in turn.
  const loaded = useLoad(`accord:${slug}`, () => api.accord(slug));
  const rollups = useLoad(view === 'overview' ? `rollups:${slug}` : 'rollups:none', () =>
    view === 'overview' ? api.rollups(slug) : Promise.resolve(null),
  );
  const commitments = useLoad(`commitments:${slug}`, () => api.commitments(slug));
  const paths = usePaths();
  const tabs: [AccordView, string, string][] = [
    ['overview', paths.accord(slug), t('accord.tab.overview')],
    ['register', paths.register(slug), t('accord.tab.register')],
    ['read', paths.read(slug), t('accord.tab.read')],
    ['timeline', paths.timeline(slug), t('accord.tab.timeline')],
  ];
  return (
    <Await loaded={loaded}>
      {(accord) => (
        <>
          <h1>{accord.title}</h1>
          <p className="meta">
            {accord.signed &&
              (accord.place
                ? t('accord.signedAt', { date: date(accord.signed), place: accord.place })
                : t('accord.signedOn', { date: date(accord.signed) }))}
            {accord.parties.length > 0 && (
              <> · {list(accord.parties.map((p) => party(p.code, p.name)))}</>
            )}
          </p>
          <nav className="tabs" aria-label={t('accord.nav')}>
            {tabs.map(([v, to, label]) => (
              <Link key={v} to={to} aria-current={v === view ? 'page' : undefined}>
                {label}
              </Link>
            ))}
          </nav>
          {view === 'overview' && (
            <Overview
              accord={accord}
              commitments={commitments.state === 'ready' ? commitments.data : null}
              rollups={rollups as Loaded<Rollups>}
            />
          )}
          {view !== 'overview' && (
            <Await loaded={commitments}>
              {(list) => {
                const data = { accord, commitments: list };
                if (view === 'register') return <Register data={data} />;
                if (view === 'read') return <Reader data={data} />;
                return <Timeline data={data} />;
              }}
            </Await>
          )}
        </>
      )}
    </Await>
  );
}
