import { api, type AccordText, type CommitmentDetail } from '../api.ts';
import { BlockElement } from '../components/TextBlocks.tsx';
import { Await } from '../components/Status.tsx';
import { useLoad } from '../data.ts';
import { deadlineText, sectionName } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { layoutText, segments, type TextBlock } from '../layout.ts';
import { Link } from '../router.tsx';

interface Loaded {
  commitment: CommitmentDetail;
  text: AccordText;
  slug: string;
  title: string;
  language: string;
}

async function load(id: string): Promise<Loaded> {
  const commitment = await api.commitment(id);
  const [text, accord] = await Promise.all([
    api.text(commitment.agreement),
    api.accord(commitment.agreement),
  ]);
  return { commitment, text, slug: accord.slug, title: accord.title, language: accord.language };
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
export function CommitmentPage({ id }: { id: string }) {
  const { t, date, label, party, list } = useI18n();
  const loaded = useLoad(`commitment:${id}`, () => load(id));
  return (
    <Await loaded={loaded}>
      {({ commitment: c, text, slug, title, language }) => {
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
              <Link to={`/a/${encodeURIComponent(slug)}/register`}>
                {t('common.back', { title })}
              </Link>
            </p>
            <h1>{t('commitment.title', { id: c.id })}</h1>
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
                <Link to={`/a/${encodeURIComponent(slug)}/read#c-${c.id}`}>
                  {t('commitment.readInText')}
                </Link>
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
                <ul className="evidence" data-testid="evidence">
                  {c.evidence.map((e) => (
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
                        {[e.publisher, t('commitment.published', { date: date(e.published) })]
                          .filter(Boolean)
                          .join(' · ')}
                      </p>
                      {e.excerpt && <blockquote className="excerpt">{e.excerpt}</blockquote>}
                    </li>
                  ))}
                </ul>
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
          </>
        );
      }}
    </Await>
  );
}
