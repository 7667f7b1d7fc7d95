import { useEffect, useState } from 'react';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'error'; message: string; status: number | null }
  | { state: 'ready'; data: T };

/** Loads data for a view; reloads when `key` changes and ignores answers for an older key. */
export function useLoad<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [value, setValue] = useState<{ key: string; loaded: Loaded<T> }>({
    key,
    loaded: { state: 'loading' },
  });
  useEffect(() => {
    let live = true;
    setValue({ key, loaded: { state: 'loading' } });
    load().then(
      (data) => {
        if (live) setValue({ key, loaded: { state: 'ready', data } });
      },
      (error: unknown) => {
        if (!live) return;
        const status =
          typeof error === 'object' && error !== null && 'status' in error
            ? Number(error.status)
            : null;
        setValue({
          key,
          loaded: {
            state: 'error',
            message: error instanceof Error ? error.message : String(error),
            status,
          },
        });
      },
    );
    return () => {
      live = false;
    };
    // `load` is recreated on every render; `key` names what it loads.
  }, [key]);
  return value.key === key ? value.loaded : { state: 'loading' };
}

/** Today as YYYY-MM-DD (UTC), the reference for "overdue". */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
