import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readAnonymously } from '../api.ts';
import { I18nProvider } from '../i18n/i18n.tsx';
import { Portal } from './Portal.tsx';

// The public portal's own entry (portal.html, served for /p and /p/*): read-only pages, no
// sign-in code, no analyst screens; it reads as an anonymous visitor whatever cookies exist.
readAnonymously();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <Portal />
      </I18nProvider>
    </StrictMode>,
  );
}
