import { useState, type FormEvent } from 'react';
import { work, type Accord, type Assessment, type CommitmentDetail, type User } from '../api.ts';
import { ProblemMessage } from '../components/Problem.tsx';
import { Await } from '../components/Status.tsx';
import { useLoad } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';

const statuses = [
  'not_started',
  'in_progress',
  'partially_achieved',
  'achieved',
  'off_track',
  'superseded',
  'not_applicable',
];
const rank: Record<string, number> = { viewer: 0, analyst: 1, reviewer: 2, admin: 3 };
export const atLeast = (user: User | null, role: string) =>
  user !== null && (rank[user.role] ?? -1) >= (rank[role] ?? 9);

/**
 * Per-party assessments of a commitment for each reporting cycle: draft and submit (analysts),
 * approve or return (reviewers; never the author). Every step is a write with If-Match.
 */
export function Assessments({
  commitment: c,
  accord,
  user,
  reload,
}: {
  commitment: CommitmentDetail;
  accord: Accord;
  user: User;
  reload: () => void;
}) {
  const { t, label, party, date } = useI18n();
  const cycles = useLoad(`cycles:${accord.id}`, () => work.cycles(accord.id));
  const [editing, setEditing] = useState<Assessment | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [comment, setComment] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const act = async (a: Assessment, action: 'submit' | 'approve' | 'return') => {
    setBusy(true);
    setError(null);
    try {
      await work.review(
        a.id,
        action,
        a.etag ?? '',
        action === 'return' ? comment[a.id] : undefined,
      );
      reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const partyName = (code: string) =>
    party(code, accord.parties.find((p) => p.code === code)?.name);
  const mine = (a: Assessment) => a.author === user.id;

  return (
    <section aria-labelledby="work-assessments-h" data-testid="assessments-work">
      <h2 id="work-assessments-h">{t('assess.title')}</h2>
      <Await loaded={cycles}>
        {(list) =>
          list.length === 0 ? (
            <p>{t('assess.noCycle')}</p>
          ) : (
            <>
              {list.map((cycle) => (
                <div key={cycle.id} className="cycle" data-cycle={cycle.id}>
                  <h3>{t('assess.cycle', { name: cycle.name, cutoff: date(cycle.cutoff) })}</h3>
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">{t('assess.party')}</th>
                        <th scope="col">{t('assess.status')}</th>
                        <th scope="col">{t('assess.score')}</th>
                        <th scope="col">{t('assess.state')}</th>
                        <th scope="col">{t('assess.rationale')}</th>
                        <th scope="col">{t('assess.actions')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {accord.parties.map((p) => {
                        const rows = c.assessments.filter(
                          (a) => a.cycle === cycle.id && a.party === p.code,
                        );
                        if (rows.length === 0)
                          return (
                            <tr key={p.code}>
                              <th scope="row">{partyName(p.code)}</th>
                              <td colSpan={5} className="muted">
                                {t('assess.none')}
                              </td>
                            </tr>
                          );
                        return rows.map((a) => (
                          <tr key={a.id} data-assessment={a.id} data-state={a.state}>
                            <th scope="row">{partyName(a.party)}</th>
                            <td>
                              <span className={`status status-${a.status}`}>
                                {label('status', a.status)}
                              </span>
                            </td>
                            <td className="num">{scoreText(a.score)}</td>
                            <td>
                              {label('state', a.state)}
                              {a.review_comment && (
                                <p className="muted">
                                  {t('assess.comment', { comment: a.review_comment })}
                                </p>
                              )}
                            </td>
                            <td className="rationale">{a.rationale}</td>
                            <td className="actions">
                              {(a.state === 'draft' || a.state === 'returned') && mine(a) && (
                                <>
                                  <button type="button" onClick={() => setEditing(a)}>
                                    {t('assess.edit')}
                                  </button>
                                  <button
                                    type="button"
                                    disabled={busy}
                                    onClick={() => void act(a, 'submit')}
                                  >
                                    {t('assess.submit')}
                                  </button>
                                </>
                              )}
                              {a.state === 'submitted' && atLeast(user, 'reviewer') && (
                                <ReviewButtons
                                  assessment={a}
                                  own={mine(a)}
                                  busy={busy}
                                  comment={comment[a.id] ?? ''}
                                  setComment={(text) =>
                                    setComment((all) => ({ ...all, [a.id]: text }))
                                  }
                                  act={(action) => void act(a, action)}
                                />
                              )}
                            </td>
                          </tr>
                        ));
                      })}
                    </tbody>
                  </table>
                </div>
              ))}
              <ProblemMessage error={error} onReload={reload} />
              {atLeast(user, 'analyst') && (
                <AssessmentForm
                  key={`${formKey}-${editing?.id ?? 'new'}`}
                  commitment={c}
                  cycles={list}
                  parties={accord.parties.map((p) => ({ code: p.code, name: partyName(p.code) }))}
                  editing={editing}
                  onDone={() => {
                    setEditing(null);
                    setFormKey((k) => k + 1);
                    reload();
                  }}
                  onCancel={() => setEditing(null)}
                />
              )}
            </>
          )
        }
      </Await>
    </section>
  );
}

export function scoreText(score: number | null): string {
  if (score === null || score === undefined) return '–';
  return score > 0 ? `+${score}` : String(score);
}

export function ReviewButtons({
  assessment,
  own,
  busy,
  comment,
  setComment,
  act,
}: {
  assessment: Assessment;
  own: boolean;
  busy: boolean;
  comment: string;
  setComment: (text: string) => void;
  act: (action: 'approve' | 'return') => void;
}) {
  const { t } = useI18n();
  const id = `return-${assessment.id}`;
  return (
    <div className="review-buttons">
      {own ? (
        <p className="muted">{t('review.ownNote')}</p>
      ) : (
        <button type="button" className="primary" disabled={busy} onClick={() => act('approve')}>
          {t('review.approve')}
        </button>
      )}
      <label htmlFor={id}>{t('review.commentLabel')}</label>
      <input id={id} type="text" value={comment} onChange={(e) => setComment(e.target.value)} />
      <button type="button" disabled={busy || !comment.trim()} onClick={() => act('return')}>
        {t('review.return')}
      </button>
    </div>
  );
}

function AssessmentForm({
  commitment: c,
  cycles,
  parties,
  editing,
  onDone,
  onCancel,
}: {
  commitment: CommitmentDetail;
  cycles: { id: string; name: string }[];
  parties: { code: string; name: string }[];
  editing: Assessment | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t, label } = useI18n();
  const [cycle, setCycle] = useState(editing?.cycle ?? cycles.at(-1)?.id ?? '');
  const [partyCode, setParty] = useState(editing?.party ?? parties[0]?.code ?? '');
  const [status, setStatus] = useState(editing?.status ?? 'in_progress');
  const [score, setScore] = useState(
    editing?.score === null || editing?.score === undefined ? '' : String(editing.score),
  );
  const [rationale, setRationale] = useState(editing?.rationale ?? '');
  const [evidence, setEvidence] = useState<string[]>(editing?.evidence ?? []);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const fields = {
      status,
      score: score === '' ? null : Number(score),
      rationale,
      evidence,
    };
    try {
      if (editing) await work.updateAssessment(editing.id, fields, editing.etag ?? '');
      else await work.draftAssessment({ commitment: c.id, party: partyCode, cycle, ...fields });
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form wide" onSubmit={(e) => void submit(e)} data-testid="assessment-form">
      <fieldset>
        <legend>{editing ? t('assess.editTitle') : t('assess.draftTitle')}</legend>
        <label htmlFor="as-cycle">{t('assess.cycleField')}</label>
        <select
          id="as-cycle"
          value={cycle}
          disabled={editing !== null}
          onChange={(e) => setCycle(e.target.value)}
        >
          {cycles.map((cy) => (
            <option key={cy.id} value={cy.id}>
              {cy.name}
            </option>
          ))}
        </select>
        <label htmlFor="as-party">{t('assess.party')}</label>
        <select
          id="as-party"
          value={partyCode}
          disabled={editing !== null}
          onChange={(e) => setParty(e.target.value)}
        >
          {parties.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
        <label htmlFor="as-status">{t('assess.status')}</label>
        <select id="as-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {label('status', s)}
            </option>
          ))}
        </select>
        <label htmlFor="as-score">{t('assess.score')}</label>
        <select id="as-score" value={score} onChange={(e) => setScore(e.target.value)}>
          <option value="">{t('assess.score.default')}</option>
          <option value="1">{t('assess.score.1')}</option>
          <option value="0">{t('assess.score.0')}</option>
          <option value="-1">{t('assess.score.-1')}</option>
        </select>
        <label htmlFor="as-rationale">{t('assess.rationale')}</label>
        <textarea
          id="as-rationale"
          rows={4}
          value={rationale}
          onChange={(e) => setRationale(e.target.value)}
        />
        {c.evidence.length > 0 && (
          <fieldset className="checks">
            <legend>{t('assess.evidence')}</legend>
            {c.evidence.map((ev) => (
              <label key={ev.id} className="check">
                <input
                  type="checkbox"
                  checked={evidence.includes(ev.id)}
                  onChange={(e) =>
                    setEvidence((all) =>
                      e.target.checked ? [...all, ev.id] : all.filter((x) => x !== ev.id),
                    )
                  }
                />{' '}
                {ev.title}
              </label>
            ))}
          </fieldset>
        )}
      </fieldset>
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy || !cycle || !partyCode}>
          {editing ? t('assess.saveEdit') : t('assess.saveDraft')}
        </button>
        {editing && (
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
      <ProblemMessage error={error} onReload={onDone} />
    </form>
  );
}
