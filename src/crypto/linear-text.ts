// Linear-time stand-ins for regular expressions that backtrack quadratically on hostile text. A pattern
// such as /[ \t]+$/ or /\([^)]*\)/g restarts at every character of a long run of spaces or '(' and
// rescans the run each time, so one crafted header could freeze the Gmail tab. Each scan here reads every
// character a bounded number of times.

/** `s` without any trailing characters found in `chars` (like `s.replace(/[chars]+$/, '')`). */
export function trimTrailing(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1])) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** `s` without any leading characters found in `chars` (like `s.replace(/^[chars]+/, '')`). */
export function trimLeading(s: string, chars: string): string {
  let start = 0;
  while (start < s.length && chars.includes(s[start])) start++;
  return start === 0 ? s : s.slice(start);
}

/**
 * `s` with every "(...)" span removed, nesting ignored (like `s.replace(/\([^)]*\)/g, '')`): each "(" up to
 * the next ")" goes; a "(" with no ")" after it stays, and so does everything after it.
 */
export function removeParenSpans(s: string): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const open = s.indexOf('(', pos);
    if (open < 0) break;
    const close = s.indexOf(')', open + 1);
    if (close < 0) break; // no ")" after this "(", so none after any later "(" either
    out += s.slice(pos, open);
    pos = close + 1;
  }
  return pos === 0 ? s : out + s.slice(pos);
}
