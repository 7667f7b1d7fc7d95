import { ApiError } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * An API error in words the reader can act on: a stale edit (412) says someone else changed the
 * record and offers to reload it; other errors give the server's one-line reason.
 */
export function ProblemMessage({
  error,
  onReload,
}: {
  error: unknown;
  onReload?: (() => void) | undefined;
}) {
  const { t } = useI18n();
  if (!error) return null;
  if (error instanceof ApiError && error.status === 412)
    return (
      <div className="problem" role="alert" data-testid="stale">
        <p>{t('problem.stale')}</p>
        {onReload && (
          <button type="button" onClick={onReload}>
            {t('problem.reload')}
          </button>
        )}
      </div>
    );
  let message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  if (error instanceof ApiError) {
    if (error.code === 'author_cannot_approve') message = t('problem.ownApproval');
    else if (error.status === 401) message = t('problem.signIn');
    else if (error.status === 403) message = t('problem.forbidden');
  }
  return (
    <p className="problem" role="alert">
      {t('common.error', { message })}
    </p>
  );
}

/** A secret shown once (a generated password, an API token), with a note that it will not be shown again. */
export function OneTimeSecret({ label, secret }: { label: string; secret: string }) {
  const { t } = useI18n();
  return (
    <div className="secret" role="status">
      <p>{label}</p>
      <p>
        <code data-testid="secret">{secret}</code>
      </p>
      <p className="muted">{t('common.shownOnce')}</p>
    </div>
  );
}
