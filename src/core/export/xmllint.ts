import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The official Akoma Ntoso 3.0 schema bundled in schemas/ (OASIS, CC BY 4.0: see NOTICE). */
export const aknSchemaPath = fileURLToPath(
  new URL('../../../schemas/akomantoso30.xsd', import.meta.url),
);

/** Whether Debian's `xmllint` (libxml2-utils) is installed. */
export function hasXmllint(): boolean {
  return spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Validates XML documents against the Akoma Ntoso schema with `xmllint --noout --schema`, all in
 * one run; returns xmllint's complaints (empty when every document validates). For tests and CI.
 */
export function validateAkn(documents: { name: string; xml: string }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'akn-'));
  try {
    const files = documents.map((d, i) => {
      const file = join(dir, `${i}-${d.name.replace(/[^\w.-]/g, '_')}.xml`);
      writeFileSync(file, d.xml);
      return file;
    });
    try {
      execFileSync('xmllint', ['--noout', '--schema', aknSchemaPath, ...files], {
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      });
      return '';
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? error);
      return stderr
        .split('\n')
        .filter((l) => l.trim() !== '' && !/ validates$/.test(l))
        .join('\n');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
