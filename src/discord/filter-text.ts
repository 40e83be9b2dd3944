import { safeText } from './safe-text.js';

/**
 * A member's filter, shown inside a code span: one line, mentions inert, no backslash escapes (they would show
 * there) and no backtick (it would end the span).
 */
export function shownFilter(filter: string): string {
  return safeText(filter.replaceAll('`', "'"), { oneLine: true, plain: true, max: 120 });
}
