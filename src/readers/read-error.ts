/**
 * Typed failures of the file readers, each with a stable code that the CLI and the API map to
 * their own messages and exit codes.
 */
export const readErrorCodes = [
  'file_not_found',
  'not_a_file',
  'empty_file',
  'binary_file',
  'bad_encoding',
  'too_large',
  'unsupported_format',
  'pdf_no_text',
  'pdf_encrypted',
  'pdf_corrupt',
  'html_no_text',
  'too_complex',
] as const;
export type ReadErrorCode = (typeof readErrorCodes)[number];

/** A source file that cannot be read; `message` is one line saying what is wrong and what to do. */
export class ReadError extends Error {
  override readonly name = 'ReadError';
  readonly code: ReadErrorCode;

  constructor(code: ReadErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Tells whether a value is a ReadError, optionally with the given code. */
export function isReadError(value: unknown, code?: ReadErrorCode): value is ReadError {
  return value instanceof ReadError && (code === undefined || value.code === code);
}
