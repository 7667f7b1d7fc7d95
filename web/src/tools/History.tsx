import { work } from '../api.ts';
import { Await } from '../components/Status.tsx';
import { useLoad } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** The change history of a commitment: its corrections, evidence and assessments (the event log). */
export function History({
  accordId,
  commitmentId,
  version,
}: {
  accordId: string;
  commitmentId: string;
  /** Changes when the page reloads the commitment, so the history follows. */
  version: string;
}) {
  const { t, label, lang } = useI18n();
  const loaded = useLoad(`history:${commitmentId}:${version}`, () =>
    work.history(accordId, commitmentId),
  );
  const when = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">{t('history.title')}</h2>
      <Await loaded={loaded}>
        {(events) =>
          events.length === 0 ? (
            <p>{t('history.empty')}</p>
          ) : (
            <ol className="history" data-testid="history">
              {[...events].reverse().map((e) => (
                <li key={e.id} data-type={e.type}>
                  <time dateTime={e.at}>{when.format(new Date(e.at))}</time>{' '}
                  <strong>{label('event', e.type)}</strong>{' '}
                  <span className="muted">{t('history.by', { actor: e.actor ?? '' })}</span>
                  {typeof e.payload.comment === 'string' && (
                    <span className="muted"> · “{e.payload.comment}”</span>
                  )}
                </li>
              ))}
            </ol>
          )
        }
      </Await>
    </section>
  );
}
