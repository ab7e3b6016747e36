/**
 * Text from outside (list entries, DNS answers, pages, results files) as it may be shown to a reader: on one line, with
 * nothing that hides or reorders characters or drives the terminal (ANSI escapes, bidi overrides, other controls).
 */

/** `value` on one line, each control or bidi-override character replaced by U+FFFD. */
export function visibleText(value: unknown): string {
  return String(value ?? '')
    .replace(/\r\n|[\r\n\t\v\f\u2028\u2029]/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\uFFFD');
}
