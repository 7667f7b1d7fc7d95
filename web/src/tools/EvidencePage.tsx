import { useState } from 'react';
import { work } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Await } from '../components/Status.tsx';
import { useLoad } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, useQuery } from '../router.tsx';
import { atLeast } from './Assessments.tsx';
import { EvidenceForm } from './EvidenceForm.tsx';

/** `/evidence?q=…`: every item of evidence, newest first, searchable; analysts add more here. */
export function EvidencePage() {
  const { t, date, label } = useI18n();
  const { user } = useAuth();
  const [query, setQuery] = useQuery();
  const q = query.get('q') ?? '';
  const [text, setText] = useState(q);
  const [version, setVersion] = useState(0);
  const loaded = useLoad(`evidence:${q}:${version}`, () => work.evidence(q));
  return (
    <>
      <h1>{t('evidence.title')}</h1>
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ q: text.trim() });
        }}
      >
        <div className="field grow">
          <label htmlFor="evidence-q">{t('evidence.search')}</label>
          <input
            id="evidence-q"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <button type="submit">{t('evidence.searchButton')}</button>
      </form>
      <Await loaded={loaded}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t('evidence.empty')}</p>
          ) : (
            <>
              <p role="status" className="count">
                {t('evidence.count', { count: page.items.length })}
              </p>
              <ul className="evidence" data-testid="evidence-list">
                {page.items.map((e) => (
                  <li key={e.id}>
                    <p className="evidence-title">
                      {e.url && /^https?:\/\//.test(e.url) ? (
                        <a href={e.url} rel="noopener noreferrer">
                          {e.title}
                        </a>
                      ) : (
                        e.title
                      )}
                    </p>
                    <p className="muted">
                      {[
                        e.publisher,
                        t('commitment.published', { date: date(e.published) }),
                        e.kind ? label('evidenceKind', e.kind) : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </p>
                    {e.excerpt && <blockquote className="excerpt">{e.excerpt}</blockquote>}
                    {e.commitments && e.commitments.length > 0 && (
                      <p>
                        {t('evidence.linkedTo')}{' '}
                        {e.commitments.map((id, i) => (
                          <span key={id}>
                            {i > 0 && t('common.separator')}
                            <Link to={`/c/${id}`}>{t('commitment.title', { id })}</Link>
                          </span>
                        ))}
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </Await>
      {atLeast(user, 'analyst') && (
        <section aria-labelledby="evidence-add-h">
          <h2 id="evidence-add-h">{t('evidence.addHeading')}</h2>
          <EvidenceForm onSaved={() => setVersion((v) => v + 1)} />
        </section>
      )}
    </>
  );
}
