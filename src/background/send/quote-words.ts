// The words around a quoted original, in the language of the UI: "On <date>, <who> wrote:" in English, and the
// Japanese mail convention "<日付> <差出人>:" in Japanese, with the date in that language and the reader's time zone.
// The background builds the quote, so the words come from the same catalogue as everything else on screen.
import { t, uiLanguage } from '../../ui/i18n';

export interface QuoteWords {
  /** The line above a reply's quote. `date` is the original's Date header (RFC 5322), `who` its sender. */
  replyHeader(date: string, who: string): string;
  forwardTitle: string;
  from: string;
  date: string;
  subject: string;
  to: string;
  /** The original's Date header in the reader's language, or as written when it cannot be read. */
  formatDate(header: string): string;
  /** Used when the original names no sender. */
  unknownSender: string;
}

function dateIn(lang: string, header: string, timeZone?: string): string {
  const d = new Date(header);
  if (!header || Number.isNaN(d.getTime())) return header;
  const opts: Intl.DateTimeFormatOptions = { year: 'numeric', month: lang.startsWith('ja') ? 'long' : 'short', day: 'numeric', weekday: 'short', hour: 'numeric', minute: '2-digit', ...(timeZone ? { timeZone } : {}) };
  return new Intl.DateTimeFormat(lang, opts).format(d);
}

/** The words for the current UI language; English (the catalogue's default) where there is no catalogue. `timeZone`: tests. */
export function quoteWords(timeZone?: string): QuoteWords {
  const word = (name: string, fallback: string, subs: string[] = []) => {
    const s = t(name, subs);
    return s === name ? fallback : s;
  };
  const lang = uiLanguage();
  return {
    replyHeader: (date, who) => word('quoteReplyHeader', `On ${date}, ${who} wrote:`, [date, who]),
    forwardTitle: word('quoteForwardTitle', '---------- Forwarded message ---------'),
    from: word('quoteFrom', 'From:'),
    date: word('quoteDate', 'Date:'),
    subject: word('quoteSubject', 'Subject:'),
    to: word('quoteTo', 'To:'),
    formatDate: (header) => dateIn(lang, header, timeZone),
    unknownSender: word('quoteUnknownSender', 'the sender'),
  };
}
