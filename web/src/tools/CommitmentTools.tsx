import { useAuth } from '../auth.tsx';
import type { ToolsProps } from '../pages/CommitmentPage.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Assessments, atLeast } from './Assessments.tsx';
import { EditAttributes } from './EditAttributes.tsx';
import { EvidenceForm } from './EvidenceForm.tsx';
import { History } from './History.tsx';

/**
 * What a signed-in member sees below a commitment: corrections (analysts), the evidence form,
 * assessments of every state with the review steps, and the change history. Loaded lazily: the
 * public portal never downloads it.
 */
export function CommitmentTools({ commitment, accord, reload }: ToolsProps) {
  const { user } = useAuth();
  const { t } = useI18n();
  if (!user) return null;
  const analyst = atLeast(user, 'analyst');
  const version = `${commitment.etag}:${commitment.evidence.length}:${commitment.assessments
    .map((a) => a.etag)
    .join(',')}`;
  return (
    <div className="tools" data-testid="tools">
      {analyst && (
        <section aria-labelledby="correct-h">
          <h2 id="correct-h">{t('edit.heading')}</h2>
          <EditAttributes commitment={commitment} reload={reload} />
        </section>
      )}
      {analyst && (
        <section aria-labelledby="add-evidence-h">
          <h2 id="add-evidence-h">{t('evidence.addHeading')}</h2>
          <EvidenceForm commitment={commitment.id} onSaved={reload} />
        </section>
      )}
      <Assessments commitment={commitment} accord={accord} user={user} reload={reload} />
      <History accordId={accord.id} commitmentId={commitment.id} version={version} />
    </div>
  );
}
