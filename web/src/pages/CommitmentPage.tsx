import { useState, type ComponentType } from 'react';
import { api, type Accord, type AccordText, type CommitmentDetail } from '../api.ts';
import { BlockElement } from '../components/TextBlocks.tsx';
import { Await } from '../components/Status.tsx';
import { useLoad } from '../data.ts';
import { deadlineText, sectionName } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { layoutText, segments, type TextBlock } from '../layout.ts';
import { usePaths } from '../paths.tsx';
import { Link } from '../router.tsx';

interface Loaded {
  commitment: CommitmentDetail;
  text: AccordText;
  accord: Accord;
}

/** What the signed-in app adds below the read-only page (editing, evidence, assessments). */
export interface ToolsProps {
  commitment: CommitmentDetail;
  accord: Accord;
  reload: () => void;
}

async function load(id: string, slug: string | undefined): Promise<Loaded> {
  const commitment = await api.commitment(id);
  const [text, accord] = await Promise.all([
    api.text(commitment.agreement),
    api.accord(commitment.agreement),
  ]);
  // A portal URL names the agreement too: a commitment of another agreement is not found there.
  if (slug !== undefined && accord.slug !== slug)
    throw Object.assign(new Error('not found'), { status: 404 });
  return { commitment, text, accord };
}

/** The blocks the span touches, with the lead-in paragraph when the span is in a list item. */
function contextBlocks(blocks: TextBlock[], start: number, end: number): TextBlock[] {
  const touched = blocks.filter((b) => b.end > start && b.start < end);
  const first = touched[0];
  if (!first) return [];
  if (first.kind === 'item') {
    const i = blocks.indexOf(first);
    for (let j = i - 1; j >= 0; j--) {
      const b = blocks[j]!;
      if (b.kind !== 'item') return b.kind === 'paragraph' ? [b, ...touched] : touched;
    }
  }
  return touched;
}

/** `/c/:id`: one commitment in its context, its attributes, evidence and approved assessments. */
export function CommitmentPage({
  id,
  slug: inSlug,
  tools: Tools,
}: {
  id: string;
  /** The agreement's slug when the URL names it (the portal). */
  slug?: string;
  tools?: ComponentType<ToolsProps> | undefined;
}) {
  const { t, date, label, party, list } = useI18n();
  const paths = usePaths();
  // After a change the commitment is read again in place (no loading flash, scroll kept).
  const [fresh, setFresh] = useState<CommitmentDetail | null>(null);
  const loaded = useLoad(`commitment:${id}`, () => {
    setFresh(null);
    return load(id, inSlug);
  });
  const reload = () => {
    api.commitment(id).then(setFresh, () => undefined);
  };
  return (
    <Await loaded={loaded}>
      {({ commitment: loadedCommitment, text, accord }) => {
        const c = fresh?.id === id ? fresh : loadedCommitment;
        const { slug, title, language } = accord;
        const blocks = contextBlocks(layoutText(text.text, text.hints), c.span.start, c.span.end);
        const attributes: [string, string][] = [
          [t('commitment.section'), sectionName(t, c.section)],
          [
            t('commitment.deadline'),
            !c.deadline
              ? t('common.none')
              : c.deadline.date && c.deadline.phrase
                ? t('commitment.deadlineWithPhrase', {
                    date: deadlineText(date, c),
                    phrase: c.deadline.phrase,
                  })
                : deadlineText(date, c),
          ],
          [t('commitment.actors'), list(c.actors) || t('common.none')],
          [t('commitment.instruments'), list(c.instruments) || t('common.none')],
          [t('commitment.targets'), list(c.targets) || t('common.none')],
          [
            t('commitment.topics'),
            list(c.topics.map((x) => label('topic', x))) || t('common.none'),
          ],
          [t('commitment.strength'), label('strength', c.strength)],
          [t('commitment.kind'), label('kind', c.kind)],
        ];
        const approved = c.assessments.filter((a) => a.state === 'approved');
        return (
          <>
            <p className="crumb">
              <Link to={paths.register(slug)}>{t('common.back', { title })}</Link>
            </p>
            <h1>{t('commitment.title', { id: c.id })}</h1>
            {c.state !== 'active' && (
              <p className="problem" data-testid="inactive">
                {label('commitmentState', c.state)}
              </p>
            )}
            <section aria-labelledby="source-h">
              <h2 id="source-h">{t('commitment.source')}</h2>
              <div className="source-context" data-testid="source" lang={language}>
                {blocks.map((b) => {
                  const content = segments(text.text, b.start, b.end, [c]).map((s) =>
                    s.mark ? (
                      <mark key={s.start}>{s.text}</mark>
                    ) : (
                      <span key={s.start}>{s.text}</span>
                    ),
                  );
                  return b.kind === 'item' ? (
                    <ul key={b.start}>
                      <BlockElement block={b}>{content}</BlockElement>
                    </ul>
                  ) : (
                    <BlockElement key={b.start} block={b}>
                      {content}
                    </BlockElement>
                  );
                })}
              </div>
              <p>
                <Link to={`${paths.read(slug)}#c-${c.id}`}>{t('commitment.readInText')}</Link>
              </p>
            </section>
            <section aria-labelledby="attributes-h">
              <h2 id="attributes-h">{t('commitment.attributes')}</h2>
              <dl className="attributes">
                {attributes.map(([name, value]) => (
                  <div key={name}>
                    <dt>{name}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
            </section>
            <section aria-labelledby="evidence-h">
              <h2 id="evidence-h">{t('commitment.evidence')}</h2>
              {c.evidence.length === 0 ? (
                <p>{t('commitment.noEvidence')}</p>
              ) : (
                <ol className="evidence evidence-timeline" data-testid="evidence">
                  {c.evidence.map((e) => (
                    <li key={e.id}>
                      <time className="evidence-date" dateTime={e.published}>
                        {date(e.published)}
                      </time>
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
                        {[e.publisher, e.kind ? label('evidenceKind', e.kind) : null]
                          .filter(Boolean)
                          .join(' · ')}
                      </p>
                      {e.excerpt && <blockquote className="excerpt">{e.excerpt}</blockquote>}
                    </li>
                  ))}
                </ol>
              )}
            </section>
            <section aria-labelledby="assessments-h">
              <h2 id="assessments-h">{t('commitment.assessments')}</h2>
              {approved.length === 0 ? (
                <p>{t('commitment.noAssessments')}</p>
              ) : (
                <ul className="assessments">
                  {approved.map((a) => (
                    <li key={a.id}>
                      <span className={`status status-${a.status}`}>
                        {t('commitment.assessmentOf', {
                          party: party(a.party),
                          status: label('status', a.status),
                        })}
                      </span>
                      {a.decided_at && <span className="muted"> · {date(a.decided_at)}</span>}
                      {a.rationale && <p>{a.rationale}</p>}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            {paths.portal && (
              <p className="cite muted" data-testid="cite">
                {t('portal.cite', { url: window.location.origin + paths.commitment(c.id, slug) })}
              </p>
            )}
            {Tools && <Tools commitment={c} accord={accord} reload={reload} />}
          </>
        );
      }}
    </Await>
  );
}
