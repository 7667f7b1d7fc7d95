/**
 * A failure with a stable code that every edge maps once: problem+json in the API, a one-line
 * message and exit code in the CLI.
 *
 * @example throw new DomainError('commitment_not_found', 'no commitment 42')
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
