/**
 * The clues the observer adds to a verdict from what it saw across responses (an address remembered from earlier in
 * the session, another answer of the same host, a host only the page's own list shows), each with its message
 * (src/core/evidence-message.ts). Pure: no browser API, so a unit test renders every one of them.
 */
import { phrase } from '../core/evidence-message.ts';
import type { Evidence, HostVerdict } from '../core/types.ts';

/** The clue of a host answered without an address, traced to the address it had earlier in this session. */
export function cacheEvidence(ip: string): Evidence {
  return {
    kind: 'cache',
    subject: ip,
    message: phrase('evidence_says_remembered', ip),
  };
}

/** The clue that a host answered from another address, `ip`, on the same page (`earlier` is that answer's verdict). */
export function otherAnswerEvidence(earlier: HostVerdict, ip: string): Evidence {
  const who = earlier.provider?.name ?? earlier.asName;
  return {
    kind: 'ip',
    subject: ip,
    ...(earlier.provider ? { providerId: earlier.provider.id } : {}),
    message: who ? phrase('evidence_says_other_answer', ip, who) : phrase('evidence_says_other_answer_unnamed', ip),
  };
}

/** The clue of a host the page listed as loaded before this tab was observed; `ip` is its address earlier this session. */
export function missedEvidence(host: string, ip: string | null): Evidence {
  return {
    kind: 'page-list',
    subject: host,
    message: ip ? phrase('evidence_says_missed_address', ip) : phrase('evidence_says_missed'),
  };
}
