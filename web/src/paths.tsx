import { createContext, useContext, type ReactNode } from 'react';

/**
 * Where the shared pages link to: the signed-in app (`/a/:slug`, `/c/:id`) or the public portal
 * (`/p/:slug`, `/p/:slug/c/:id`). The portal's URLs carry the agreement's slug so that a
 * citation names the agreement as well as the commitment.
 */
export interface Paths {
  /** True in the public portal: no editing, approved data only. */
  portal: boolean;
  home: string;
  accord: (slug: string) => string;
  register: (slug: string) => string;
  read: (slug: string) => string;
  timeline: (slug: string) => string;
  commitment: (id: string, slug: string) => string;
}

const e = encodeURIComponent;

export const appPaths: Paths = {
  portal: false,
  home: '/',
  accord: (slug) => `/a/${e(slug)}`,
  register: (slug) => `/a/${e(slug)}/register`,
  read: (slug) => `/a/${e(slug)}/read`,
  timeline: (slug) => `/a/${e(slug)}/timeline`,
  commitment: (id) => `/c/${e(id)}`,
};

export const portalPaths: Paths = {
  portal: true,
  home: '/p',
  accord: (slug) => `/p/${e(slug)}`,
  register: (slug) => `/p/${e(slug)}/register`,
  read: (slug) => `/p/${e(slug)}/read`,
  timeline: (slug) => `/p/${e(slug)}/timeline`,
  commitment: (id, slug) => `/p/${e(slug)}/c/${e(id)}`,
};

const Context = createContext<Paths>(appPaths);

export function PathsProvider({ paths, children }: { paths: Paths; children: ReactNode }) {
  return <Context.Provider value={paths}>{children}</Context.Provider>;
}

export function usePaths(): Paths {
  return useContext(Context);
}
