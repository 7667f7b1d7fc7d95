import { useState, type FormEvent } from 'react';
import { api, work, type RankedCommitment, type Suggestion } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { ProblemMessage } from '../components/Problem.tsx';
import { Await, Message } from '../components/Status.tsx';
import { useLoad } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, useQuery } from '../router.tsx';
import { atLeast } from './Assessments.tsx';

const states = ['open', 'accepted', 'dismissed'] as const;

/**
 * `/inbox?a=<agreement>&state=open`: evidence suggested by the agreement's watched feeds, best
 * first, each with its score and reason, to accept (it becomes evidence linked to the commitment)
 * or dismiss; the feeds themselves; and "which commitments does this text advance?".
 */
export function Inbox() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [query, setQuery] = useQuery();
  const accords = useLoad('inbox:accords', api.accords);
  if (!atLeast(user, 'analyst')) return <Message>{t('problem.forbidden')}</Message>;
  return (
    <>
      <h1>{t('inbox.title')}</h1>
      <p className="lead">{t('inbox.intro')}</p>
      <Await loaded={accords}>
        {(list) => {
          const chosen = query.get('a') ?? list[0]?.slug ?? '';
          const state = states.find((s) => s === query.get('state')) ?? 'open';
          return (
            <>
              <div className="filters">
                <div className="field grow">
                  <label htmlFor="inbox-accord">{t('admin.cycles.accord')}</label>
                  <select
                    id="inbox-accord"
                    value={chosen}
                    onChange={(e) => setQuery({ a: e.target.value })}
                  >
                    {list.map((a) => (
                      <option key={a.id} value={a.slug}>
                        {a.title}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="inbox-state">{t('inbox.state')}</label>
                  <select
                    id="inbox-state"
                    value={state}
                    onChange={(e) => setQuery({ state: e.target.value })}
                  >
                    {states.map((s) => (
                      <option key={s} value={s}>
                        {t(`inbox.state.${s}`)}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              {chosen && <AccordInbox key={chosen} accord={chosen} state={state} />}
            </>
          );
        }}
      </Await>
    </>
  );
}

function AccordInbox({ accord, state }: { accord: string; state: string }) {
  const [version, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);
  return (
    <>
      <Suggestions accord={accord} state={state} version={version} onChange={bump} />
      <Feeds accord={accord} version={version} onChange={bump} />
      <MatchText accord={accord} />
    </>
  );
}

function Suggestions({
  accord,
  state,
  version,
  onChange,
}: {
  accord: string;
  state: string;
  version: number;
  onChange: () => void;
}) {
  const { t, date } = useI18n();
  const loaded = useLoad(`suggestions:${accord}:${state}:${version}`, () =>
    work.suggestions(accord, state),
  );
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const decide = async (s: Suggestion, verb: 'accept' | 'dismiss') => {
    setError(null);
    try {
      await work.decide(s, verb);
      setDone(t(verb === 'accept' ? 'inbox.accepted' : 'inbox.dismissed', { title: s.item.title }));
      onChange();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="suggestions-h">
      <h2 id="suggestions-h">{t('inbox.suggestions')}</h2>
      <p role="status">{done}</p>
      <ProblemMessage error={error} onReload={onChange} />
      <Await loaded={loaded}>
        {(items) =>
          items.length === 0 ? (
            <p data-testid="suggestions-empty">{t('inbox.empty')}</p>
          ) : (
            <ul className="queue" data-testid="suggestions">
              {items.map((s) => (
                <li key={s.id} data-suggestion={s.id}>
                  <h3 className="queue-title">
                    {s.item.url && /^https?:\/\//.test(s.item.url) ? (
                      <a href={s.item.url} rel="noopener noreferrer">
                        {s.item.title}
                      </a>
                    ) : (
                      s.item.title
                    )}
                  </h3>
                  <p className="muted">
                    {[
                      s.item.published ? date(s.item.published) : null,
                      t('inbox.score', { score: Math.round(s.score * 100) }),
                      s.reason,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </p>
                  {s.item.summary && <blockquote className="excerpt">{s.item.summary}</blockquote>}
                  <p>
                    {t('inbox.for')}{' '}
                    <Link to={`/c/${s.commitment.id}`}>
                      {t('commitment.title', { id: s.commitment.id })}
                    </Link>
                    {': '}
                    <span className="muted">{s.commitment.text}</span>
                  </p>
                  {s.state === 'open' ? (
                    <div className="buttons">
                      <button
                        type="button"
                        className="primary"
                        onClick={() => void decide(s, 'accept')}
                      >
                        {t('inbox.accept')}
                      </button>
                      <button type="button" onClick={() => void decide(s, 'dismiss')}>
                        {t('inbox.dismiss')}
                      </button>
                    </div>
                  ) : (
                    <p className="muted">{t(`inbox.state.${s.state}`)}</p>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Await>
    </section>
  );
}

function Feeds({
  accord,
  version,
  onChange,
}: {
  accord: string;
  version: number;
  onChange: () => void;
}) {
  const { t, lang } = useI18n();
  const loaded = useLoad(`feeds:${accord}:${version}`, () => work.feeds(accord));
  const [url, setUrl] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const when = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const run = async (action: () => Promise<string>) => {
    setError(null);
    try {
      setDone(await action());
      onChange();
    } catch (e) {
      setError(e);
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await work.addFeed(accord, url.trim(), title.trim() || undefined);
      setUrl('');
      setTitle('');
      return t('inbox.feedAdded');
    });
  };
  return (
    <section aria-labelledby="feeds-h">
      <h2 id="feeds-h">{t('inbox.feeds')}</h2>
      <p role="status">{done}</p>
      <Await loaded={loaded}>
        {(feeds) =>
          feeds.length === 0 ? (
            <p>{t('inbox.noFeeds')}</p>
          ) : (
            <table className="table" data-testid="feeds">
              <thead>
                <tr>
                  <th scope="col">{t('inbox.feed')}</th>
                  <th scope="col">{t('inbox.lastPoll')}</th>
                  <th scope="col">{t('assess.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {feeds.map((f) => (
                  <tr key={f.id}>
                    <td>
                      {f.title ?? f.url}
                      {f.title && <div className="muted">{f.url}</div>}
                    </td>
                    <td>
                      {f.lastPolledAt ? when.format(new Date(f.lastPolledAt)) : t('common.never')}
                      {f.lastError && <div className="error">{f.lastError}</div>}
                    </td>
                    <td className="actions">
                      <button
                        type="button"
                        aria-label={t('inbox.pollOf', { feed: f.title ?? f.url })}
                        onClick={() =>
                          void run(async () => {
                            const r = await work.pollFeed(f.id);
                            if (r.outcome.status === 'failed')
                              return t('inbox.pollFailed', { error: r.outcome.error ?? '' });
                            return t('inbox.polled', { count: r.outcome.newItems ?? 0 });
                          })
                        }
                      >
                        {t('inbox.poll')}
                      </button>
                      <button
                        type="button"
                        aria-label={t('inbox.removeOf', { feed: f.title ?? f.url })}
                        onClick={() =>
                          void run(async () => {
                            await work.removeFeed(f.id);
                            return t('inbox.feedRemoved');
                          })
                        }
                      >
                        {t('inbox.remove')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Await>
      <form className="form inline" onSubmit={add}>
        <fieldset>
          <legend>{t('inbox.addFeed')}</legend>
          <label htmlFor="feed-url">{t('inbox.feedUrl')}</label>
          <input
            id="feed-url"
            type="url"
            required
            placeholder="https://"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
          <label htmlFor="feed-title">{t('inbox.feedTitle')}</label>
          <input
            id="feed-title"
            type="text"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </fieldset>
        <button type="submit" className="primary">
          {t('inbox.addFeedButton')}
        </button>
      </form>
      <ProblemMessage error={error} onReload={onChange} />
    </section>
  );
}

function MatchText({ accord }: { accord: string }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [url, setUrl] = useState('');
  const [matches, setMatches] = useState<RankedCommitment[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setMatches(
        await work.match(accord, url.trim() ? { url: url.trim() } : { text: text.trim() }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="match-h">
      <h2 id="match-h">{t('inbox.match')}</h2>
      <form className="form wide" onSubmit={(e) => void submit(e)} data-testid="match-form">
        <fieldset>
          <legend>{t('inbox.matchLegend')}</legend>
          <label htmlFor="match-text">{t('inbox.matchText')}</label>
          <textarea
            id="match-text"
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <label htmlFor="match-url">{t('inbox.matchUrl')}</label>
          <input
            id="match-url"
            type="url"
            placeholder="https://"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </fieldset>
        <button type="submit" className="primary" disabled={busy || (!text.trim() && !url.trim())}>
          {t('inbox.matchButton')}
        </button>
      </form>
      <ProblemMessage error={error} />
      {matches !== null &&
        (matches.length === 0 ? (
          <p role="status">{t('inbox.noMatch')}</p>
        ) : (
          <ol className="matches" data-testid="matches">
            {matches.map((m) => (
              <li key={m.commitment.id}>
                <Link to={`/c/${m.commitment.id}`}>
                  {t('commitment.title', { id: m.commitment.id })}
                </Link>{' '}
                <span className="muted">
                  ({t('inbox.score', { score: Math.round(m.score * 100) })} · {m.reason})
                </span>
                <p>{m.commitment.text}</p>
              </li>
            ))}
          </ol>
        ))}
    </section>
  );
}
