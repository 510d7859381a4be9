// Reply/forward prefill: the quote is the text the reader was shown (the HTML alternative, without hidden parts),
// never the unshown text/plain alternative, comments, styles or hidden elements; threading headers and Re:/Fwd:.
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/crypto/bytes';
import { parseMime } from '../../src/crypto/mime/parse-mime';
import { deriveComposeContext, prefixedSubject } from '../../src/background/send/reply-context';
import { htmlToText, visibleText } from '../../src/background/send/visible-text';
import { quoteWords } from '../../src/background/send/quote-words';
import { useLocale } from '../helpers/i18n-stub';

const raw =
  'From: Hanako <hanako@corp.example>\r\nTo: Me <me@example.com>, Bob <bob@example.com>\r\nCc: carol@example.com\r\nSubject: =?UTF-8?B?5LqI5a6a?=\r\n' +
  'Date: Fri, 20 Nov 2026 09:00:00 +0000\r\nMessage-ID: <m2@corp.example>\r\nReferences: <m0@corp.example> <m1@corp.example>\r\nContent-Type: multipart/mixed; boundary=mx\r\n\r\n' +
  '--mx\r\nContent-Type: multipart/alternative; boundary=alt\r\n\r\n--alt\r\nContent-Type: text/plain\r\n\r\nPLAIN-HIDDEN\r\n--alt\r\n' +
  'Content-Type: text/html; charset=UTF-8\r\n\r\n<html><head><title>T-SECRET</title><style>p{}</style></head><body><p>Visible &amp; shown</p><div hidden>ATTR-HIDDEN</div>' +
  '<span style="font-size:0">ZERO-FONT</span><!-- C-SECRET --><script>S-SECRET</script><p>Line two</p></body></html>\r\n--alt--\r\n' +
  '--mx\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=a.txt\r\n\r\nATTACHED-TEXT\r\n--mx--\r\n';

describe('reply context', () => {
  const outer = parseMime(utf8(raw));
  it('quotes only what was shown', () => {
    const text = visibleText(outer);
    expect(text).toBe('Visible & shown\n\nLine two'); // paragraphs stay apart
    for (const s of ['PLAIN-HIDDEN', 'T-SECRET', 'ATTR-HIDDEN', 'ZERO-FONT', 'C-SECRET', 'S-SECRET', 'ATTACHED-TEXT', 'p{}']) expect(text).not.toContain(s);
  });

  it('reply: sender, Re: subject, In-Reply-To and References', () => {
    const c = deriveComposeContext({ outer, shown: outer, encrypted: true }, 'reply', 'me@example.com', 'abc123', quoteWords('UTC'));
    expect(c).toMatchObject({ to: ['hanako@corp.example'], cc: [], subject: 'Re: 予定', inReplyTo: '<m2@corp.example>', threadId: 'abc123', originalEncrypted: true });
    expect(c.references).toEqual(['<m0@corp.example>', '<m1@corp.example>', '<m2@corp.example>']);
    // ICU writes a plain or a narrow no-break space before AM, depending on its version.
    expect(c.quote).toMatch(/^On Fri, Nov 20, 2026, 9:00\sAM, Hanako <hanako@corp\.example> wrote:\n> Visible & shown\n>\n> Line two$/);
  });

  it('the quote header follows the UI language: the Japanese convention in a Japanese UI', () => {
    const restore = useLocale('ja');
    try {
      const c = deriveComposeContext({ outer, shown: outer, encrypted: false }, 'reply', 'me@example.com', null, quoteWords('Asia/Tokyo'));
      expect(c.quote.split('\n')[0]).toBe('2026年11月20日(金) 18:00 Hanako <hanako@corp.example>:');
      const fwd = deriveComposeContext({ outer, shown: outer, encrypted: false }, 'forward', 'me@example.com', null, quoteWords('Asia/Tokyo'));
      expect(fwd.quote).toContain('---------- 転送メッセージ ----------\n差出人: Hanako <hanako@corp.example>\n日付: 2026年11月20日(金) 18:00\n件名: 予定');
      expect(fwd.quote).not.toMatch(/Forwarded|From:|Date:|Subject:/);
    } finally {
      restore();
    }
  });

  it('a sender without a display name, or whose name is the address, is named once', () => {
    const bare = parseMime(utf8('From: "eve@example.org" <eve@example.org>\r\nDate: Fri, 20 Nov 2026 09:00:00 +0000\r\nContent-Type: text/plain\r\n\r\nhi\r\n'));
    const c = deriveComposeContext({ outer: bare, shown: bare, encrypted: false }, 'reply', null, null, quoteWords('UTC'));
    expect(c.quote.split('\n')[0]).toMatch(/^On Fri, Nov 20, 2026, 9:00\sAM, eve@example\.org wrote:$/);
  });

  it('reply-all copies the others but not me; forward has no threading', () => {
    const all = deriveComposeContext({ outer, shown: outer, encrypted: false }, 'reply-all', 'me@example.com', 't');
    expect(all.cc).toEqual(['bob@example.com', 'carol@example.com']);
    const fwd = deriveComposeContext({ outer, shown: outer, encrypted: false }, 'forward', 'me@example.com', 't');
    expect(fwd).toMatchObject({ to: [], subject: 'Fwd: 予定', inReplyTo: null, references: [], threadId: null });
    expect(fwd.quote).toContain('---------- Forwarded message ---------\nFrom: Hanako <hanako@corp.example>');
  });

  it('does not stack prefixes, and htmlToText is bounded on hostile nesting', () => {
    expect(prefixedSubject('RE: x', 'reply')).toBe('RE: x');
    expect(prefixedSubject('Fwd: x', 'forward')).toBe('Fwd: x');
    const deep = '<div style="display:none">'.repeat(5000) + 'X' + '</div>'.repeat(5000) + 'after';
    const t0 = performance.now();
    expect(htmlToText(deep)).toBe('after');
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
