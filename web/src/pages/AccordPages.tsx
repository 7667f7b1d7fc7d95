import { api, type Accord, type Commitment } from '../api.ts';
import { Await } from '../components/Status.tsx';
import { useLoad } from '../data.ts';
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

async function loadAccord(slug: string): Promise<AccordData> {
  const [accord, commitments] = await Promise.all([api.accord(slug), api.commitments(slug)]);
  return { accord, commitments };
}

/** `/a/:slug`, `/a/:slug/register`, `/a/:slug/read`: one agreement, its tabs, and the view. */
export function AccordPages({ slug, view }: { slug: string; view: AccordView }) {
  const { t, date, party, list } = useI18n();
  const loaded = useLoad(`accord:${slug}`, () => loadAccord(slug));
  const paths = usePaths();
  const tabs: [AccordView, string, string][] = [
    ['overview', paths.accord(slug), t('accord.tab.overview')],
    ['register', paths.register(slug), t('accord.tab.register')],
    ['read', paths.read(slug), t('accord.tab.read')],
    ['timeline', paths.timeline(slug), t('accord.tab.timeline')],
  ];
  return (
    <Await loaded={loaded}>
      {(data) => (
        <>
          <h1>{data.accord.title}</h1>
          <p className="meta">
            {data.accord.signed &&
              (data.accord.place
                ? t('accord.signedAt', { date: date(data.accord.signed), place: data.accord.place })
                : t('accord.signedOn', { date: date(data.accord.signed) }))}
            {data.accord.parties.length > 0 && (
              <> · {list(data.accord.parties.map((p) => party(p.code, p.name)))}</>
            )}
          </p>
          <nav className="tabs" aria-label={t('accord.nav')}>
            {tabs.map(([v, to, label]) => (
              <Link key={v} to={to} aria-current={v === view ? 'page' : undefined}>
                {label}
              </Link>
            ))}
          </nav>
          {view === 'overview' && <Overview data={data} />}
          {view === 'register' && <Register data={data} />}
          {view === 'read' && <Reader data={data} />}
          {view === 'timeline' && <Timeline data={data} />}
        </>
      )}
    </Await>
  );
}
