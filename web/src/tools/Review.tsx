import { useState } from 'react';
import { api, work, type Assessment, type CommitmentDetail } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { ProblemMessage } from '../components/Problem.tsx';
import { Await, Message } from '../components/Status.tsx';
import { useLoad } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import { atLeast, ReviewButtons, scoreText } from './Assessments.tsx';

interface QueueItem {
  assessment: Assessment;
  commitment: CommitmentDetail | null;
  cycle: string;
}

async function loadQueue(): Promise<QueueItem[]> {
  const submitted = await work.assessments('state=submitted');
  const commitments = new Map<string, CommitmentDetail | null>();
  await Promise.all(
    [...new Set(submitted.map((a) => a.commitment))].slice(0, 200).map(async (id) => {
      commitments.set(id, await api.commitment(id).catch(() => null));
    }),
  );
  const agreements = [
    ...new Set([...commitments.values()].flatMap((c) => (c ? [c.agreement] : []))),
  ];
  const cycles = new Map<string, string>();
  for (const list of await Promise.all(agreements.map((a) => work.cycles(a))))
    for (const c of list) cycles.set(c.id, c.name);
  return submitted.map((a) => ({
    assessment: a,
    commitment: commitments.get(a.commitment) ?? null,
    cycle: cycles.get(a.cycle ?? '') ?? a.cycle ?? '',
  }));
}

/** `/review`: submitted assessments waiting for a reviewer; the author can never approve their own. */
export function Review() {
  const { t, label, party } = useI18n();
  const { user } = useAuth();
  const [version, setVersion] = useState(0);
  const loaded = useLoad(`review:${version}`, loadQueue);
  const [comment, setComment] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  if (!user || !atLeast(user, 'reviewer')) return <Message>{t('problem.forbidden')}</Message>;

  const act = async (a: Assessment, action: 'approve' | 'return') => {
    setBusy(true);
    setError(null);
    try {
      await work.review(
        a.id,
        action,
        a.etag ?? '',
        action === 'return' ? comment[a.id] : undefined,
      );
      setDone(t(action === 'approve' ? 'review.approved' : 'review.returned', { id: a.id }));
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{t('review.title')}</h1>
      <p className="lead">{t('review.intro')}</p>
      <p role="status">{done}</p>
      <ProblemMessage error={error} onReload={() => setVersion((v) => v + 1)} />
      <Await loaded={loaded}>
        {(items) =>
          items.length === 0 ? (
            <p data-testid="review-empty">{t('review.empty')}</p>
          ) : (
            <ul className="queue" data-testid="review-queue">
              {items.map(({ assessment: a, commitment: c, cycle }) => (
                <li key={a.id} data-assessment={a.id}>
                  <h2 className="queue-title">
                    {c ? (
                      <Link to={`/c/${c.id}`}>{t('commitment.title', { id: c.id })}</Link>
                    ) : (
                      t('commitment.title', { id: a.commitment })
                    )}{' '}
                    · {party(a.party)} · {cycle}
                  </h2>
                  {c && <blockquote className="excerpt">{c.text}</blockquote>}
                  <p>
                    <span className={`status status-${a.status}`}>{label('status', a.status)}</span>{' '}
                    {t('review.scoreIs', { score: scoreText(a.score) })}
                  </p>
                  {a.rationale && <p className="rationale">{a.rationale}</p>}
                  <ReviewButtons
                    assessment={a}
                    own={a.author === user.id}
                    busy={busy}
                    comment={comment[a.id] ?? ''}
                    setComment={(text) => setComment((all) => ({ ...all, [a.id]: text }))}
                    act={(action) => void act(a, action)}
                  />
                </li>
              ))}
            </ul>
          )
        }
      </Await>
    </>
  );
}
