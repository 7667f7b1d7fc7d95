import type { ReactNode } from 'react';
import type { Loaded } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function Message({ children }: { children: ReactNode }) {
  return <p className="message">{children}</p>;
}

/** Renders loading and error states, or the view once the data is there. */
export function Await<T>({
  loaded,
  children,
}: {
  loaded: Loaded<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  if (loaded.state === 'loading')
    return (
      <p className="message" role="status">
        {t('common.loading')}
      </p>
    );
  if (loaded.state === 'error')
    return (
      <p className="message error" role="alert">
        {loaded.status === 404
          ? t('common.notFound')
          : t('common.error', { message: loaded.message })}
      </p>
    );
  return <>{children(loaded.data)}</>;
}
