// @vitest-environment jsdom
// One secure reply path per message (issue 12, item 11): the launcher's buttons stay away from a message whose
// decrypted frame (with its own Secure reply buttons) is shown or coming, and stay for signed or plain mail.
import { describe, expect, it } from 'vitest';
import { frameOffersReply } from '../../src/content/secure-reply-path';
import { STATUS_HOST_ATTR } from '../../src/content/ui/status-bar';

function container(verdict?: string): Element {
  const c = document.createElement('div');
  if (verdict) {
    const host = document.createElement('div');
    host.setAttribute(STATUS_HOST_ATTR, 'status');
    host.setAttribute('data-verdict', verdict);
    c.append(host);
  }
  return c;
}

describe('secure reply path', () => {
  it('a decrypted (or decrypting) message has its reply buttons in our frame only', () => {
    expect(frameOffersReply(container('encrypted'))).toBe(true);
    expect(frameOffersReply(container('decrypting'))).toBe(true);
  });
  it('signed, plain, locked and not-for-you messages keep the launcher buttons', () => {
    for (const v of ['signed', 'tampered', 'not-for-you', 'locked', undefined]) expect(frameOffersReply(container(v)), String(v)).toBe(false);
  });
  it('a page element that merely imitates our attribute outside a status host does not count', () => {
    const c = document.createElement('div');
    c.innerHTML = '<div data-verdict="encrypted"></div>';
    expect(frameOffersReply(c)).toBe(false);
  });
});
