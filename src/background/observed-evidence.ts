/**
 * The clues the observer adds to a verdict from what it saw across responses (an address remembered from earlier in
 * the session, another answer of the same host, a host only the page's own list shows), each with its English text
 * and its message (src/core/evidence-message.ts). Pure: no browser API, so a unit test renders every one of them.
 */
import { phrase } from '../core/evidence-message.ts';
import type { Evidence, HostVerdict } from '../core/types.ts';

/** The clue of a host answered without an address, traced to the address it had earlier in this session. */
export function cacheEvidence(ip: string): Evidence {
  return {
    kind: 'cache',
    subject: ip,
    text: `Served without a server address (browser cache or service worker); ${ip} is the address this host had earlier in this session.`,
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
    text: `This host also answered from ${ip}${who ? ` (${who})` : ''} on this page; Vigie keeps the least reassuring of its answers.`,
    message: who ? phrase('evidence_says_other_answer', ip, who) : phrase('evidence_says_other_answer_unnamed', ip),
  };
}

/** The clue of a host the page listed as loaded before this tab was observed; `ip` is its address earlier this session. */
export function missedEvidence(host: string, ip: string | null): Evidence {
  return {
    kind: 'page-list',
    subject: host,
    text: ip
      ? `Loaded before Vigie observed this tab (seen in the page's own list of loaded resources); ${ip} is the address this host had earlier in this session.`
      : `Loaded before Vigie observed this tab (seen in the page's own list of loaded resources): no server address was seen.`,
    message: ip ? phrase('evidence_says_missed_address', ip) : phrase('evidence_says_missed'),
  };
}
