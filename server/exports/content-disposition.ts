// Content-Disposition for a download with a Chinese file name: an ASCII fallback for old clients
// and the UTF-8 name as RFC 5987 / RFC 6266 `filename*` for every current browser.

/** RFC 5987 attr-char: encodeURIComponent leaves ! ' ( ) * alone, which attr-char does not allow. */
const encodeRfc5987 = (value: string) =>
  encodeURIComponent(value).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function contentDisposition(kind: 'attachment' | 'inline', fileName: string, asciiFallback: string): string {
  const fallback = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}
