import { useState, type FormEvent } from 'react';
import { work, type CommitmentDetail } from '../api.ts';
import { ProblemMessage } from '../components/Problem.tsx';
import { en } from '../i18n/en.ts';
import { useI18n } from '../i18n/i18n.tsx';

const topics = Object.keys(en)
  .filter((k) => k.startsWith('topic.'))
  .map((k) => k.slice('topic.'.length));
const strengths = ['firm', 'continuing', 'exploratory'];
const kinds = ['action', 'create_mechanism', 'reaffirm'];

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * The analyst's correction of a commitment's attributes. The save sends If-Match with the ETag
 * read with the page: if someone else saved in between, the API answers 412 and nothing is
 * overwritten; the form says so and offers to reload.
 */
export function EditAttributes({
  commitment: c,
  reload,
}: {
  commitment: CommitmentDetail;
  reload: () => void;
}) {
  const { t, label } = useI18n();
  const [open, setOpen] = useState(false);
  const [section, setSection] = useState(c.section);
  const [date, setDate] = useState(c.deadline?.date ?? '');
  const [phrase, setPhrase] = useState(c.deadline?.phrase ?? '');
  const [actors, setActors] = useState(c.actors.join('\n'));
  const [instruments, setInstruments] = useState(c.instruments.join('\n'));
  const [targets, setTargets] = useState(c.targets.join('\n'));
  const [chosen, setChosen] = useState<string[]>(c.topics);
  const [strength, setStrength] = useState(c.strength);
  const [kind, setKind] = useState(c.kind);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setSection(c.section);
    setDate(c.deadline?.date ?? '');
    setPhrase(c.deadline?.phrase ?? '');
    setActors(c.actors.join('\n'));
    setInstruments(c.instruments.join('\n'));
    setTargets(c.targets.join('\n'));
    setChosen(c.topics);
    setStrength(c.strength);
    setKind(c.kind);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    const changes: Record<string, unknown> = {};
    if (section.trim() !== c.section) changes.section = section.trim();
    const oldDate = c.deadline?.date ?? '';
    const oldPhrase = c.deadline?.phrase ?? '';
    if (date !== oldDate || phrase.trim() !== oldPhrase)
      changes.deadline =
        date || phrase.trim()
          ? {
              date: date || null,
              precision: date ? (c.deadline?.date === date ? c.deadline.precision : 'day') : null,
              phrase: phrase.trim() || date,
            }
          : null;
    const diff = (a: string[], b: string[]) => a.join('\n') !== b.join('\n');
    if (diff(lines(actors), c.actors)) changes.actors = lines(actors);
    if (diff(lines(instruments), c.instruments)) changes.instruments = lines(instruments);
    if (diff(lines(targets), c.targets)) changes.targets = lines(targets);
    if (diff([...chosen].sort(), [...c.topics].sort())) changes.topics = chosen;
    if (strength !== c.strength) changes.strength = strength;
    if (kind !== c.kind) changes.kind = kind;
    try {
      if (Object.keys(changes).length > 0) await work.editCommitment(c.id, changes, c.etag);
      setSaved(true);
      setOpen(false);
      reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!open)
    return (
      <p>
        <button
          type="button"
          onClick={() => {
            reset();
            setOpen(true);
            setSaved(false);
          }}
        >
          {t('edit.open')}
        </button>{' '}
        {saved && <span role="status">{t('edit.saved')}</span>}
      </p>
    );

  return (
    <form className="form wide" onSubmit={(e) => void submit(e)} data-testid="edit-form">
      <fieldset>
        <legend>{t('edit.title')}</legend>
        <label htmlFor="edit-section">{t('commitment.section')}</label>
        <input
          id="edit-section"
          type="text"
          value={section}
          onChange={(e) => setSection(e.target.value)}
        />
        <label htmlFor="edit-date">{t('edit.deadlineDate')}</label>
        <input id="edit-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        <label htmlFor="edit-phrase">{t('edit.deadlinePhrase')}</label>
        <input
          id="edit-phrase"
          type="text"
          value={phrase}
          onChange={(e) => setPhrase(e.target.value)}
        />
        <label htmlFor="edit-actors">{t('edit.actors')}</label>
        <textarea
          id="edit-actors"
          rows={3}
          value={actors}
          onChange={(e) => setActors(e.target.value)}
        />
        <label htmlFor="edit-instruments">{t('edit.instruments')}</label>
        <textarea
          id="edit-instruments"
          rows={2}
          value={instruments}
          onChange={(e) => setInstruments(e.target.value)}
        />
        <label htmlFor="edit-targets">{t('edit.targets')}</label>
        <textarea
          id="edit-targets"
          rows={2}
          value={targets}
          onChange={(e) => setTargets(e.target.value)}
        />
        <fieldset className="checks">
          <legend>{t('commitment.topics')}</legend>
          {topics.map((topic) => (
            <label key={topic} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(topic)}
                onChange={(e) =>
                  setChosen((all) =>
                    e.target.checked ? [...all, topic] : all.filter((x) => x !== topic),
                  )
                }
              />{' '}
              {label('topic', topic)}
            </label>
          ))}
        </fieldset>
        <label htmlFor="edit-strength">{t('commitment.strength')}</label>
        <select id="edit-strength" value={strength} onChange={(e) => setStrength(e.target.value)}>
          {strengths.map((s) => (
            <option key={s} value={s}>
              {label('strength', s)}
            </option>
          ))}
        </select>
        <label htmlFor="edit-kind">{t('commitment.kind')}</label>
        <select id="edit-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {label('kind', k)}
            </option>
          ))}
        </select>
      </fieldset>
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy}>
          {t('edit.save')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
      <ProblemMessage
        error={error}
        onReload={() => {
          setError(null);
          setOpen(false);
          reload();
        }}
      />
    </form>
  );
}
