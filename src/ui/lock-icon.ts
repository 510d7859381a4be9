// The padlock drawn from one SVG path, for the launcher buttons (inline SVG) and the toolbar icon (canvas):
// the 🔒 emoji shows as an empty box on systems without an emoji font.
export const LOCK_VIEWBOX = 16;
/** A closed padlock on a 16×16 grid: shackle (even-odd ring) and body with a keyhole. */
export const LOCK_PATH =
  'M4.5 7V5a3.5 3.5 0 0 1 7 0v2h-1.75V5a1.75 1.75 0 0 0-3.5 0v2Z' + 'M3 7h10a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1Zm5 2.5a1.25 1.25 0 0 0-.6 2.35V13h1.2v-1.15A1.25 1.25 0 0 0 8 9.5Z';

/** An inline <svg> padlock in the current text colour, built from DOM nodes (Gmail enforces Trusted Types). */
export function lockSvg(doc: Document, size = 14): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = doc.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${LOCK_VIEWBOX} ${LOCK_VIEWBOX}`);
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.style.verticalAlign = '-2px';
  svg.style.marginRight = '6px';
  const path = doc.createElementNS(ns, 'path');
  path.setAttribute('d', LOCK_PATH);
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('fill-rule', 'evenodd');
  svg.append(path);
  return svg;
}
