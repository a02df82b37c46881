// What every server-side chart needs: escaping of text and attributes (the charts are rendered
// unescaped into the page, so every string that goes into them passes through escapeXml), and a
// rough width of a label so that the layout leaves room for it.

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an XML/HTML text node or a quoted attribute value. */
export function escapeXml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => entities[c]!);
}

/** Approximate width in px of `text` at `fontSize`: CJK characters are square, others about 0.6 em. */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    em += code >= 0x2e80 ? 1 : code >= 48 && code <= 57 ? 0.6 : 0.58;
  }
  return Math.ceil(em * fontSize);
}

/** Shortens `text` with an ellipsis to fit `width` px. */
export function fit(text: string, width: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (textWidth(`${out}${ch}…`, fontSize) > width) break;
    out += ch;
  }
  return `${out}…`;
}

/** Rounds a coordinate to one decimal so the markup stays short. */
export const r1 = (n: number): number => Math.round(n * 10) / 10;

/** The opening of a chart: its size, and the title and description that name it for screen readers.
 *  Inline in HTML, so no xmlns: the HTML parser puts <svg> in the SVG namespace itself. */
export function svgOpen(id: string, width: number, height: number, title: string, desc: string): string {
  const t = escapeXml(`${id}-title`);
  const d = escapeXml(`${id}-desc`);
  return (
    `<svg class="chart-svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `aria-labelledby="${t} ${d}"><title id="${t}">${escapeXml(title)}</title><desc id="${d}">${escapeXml(desc)}</desc>`
  );
}
