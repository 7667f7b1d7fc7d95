import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads a bundled agreement from fixtures/agreements (path relative to that folder). */
export function readAgreementFixture(relative: string): string {
  return readFileSync(
    fileURLToPath(new URL(`../fixtures/agreements/${relative}`, import.meta.url)),
    'utf8',
  );
}

export const accordText = (): string => readAgreementFixture('hiroshima-accord-2023.en.txt');
