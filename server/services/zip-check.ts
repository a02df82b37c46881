// An Office file (DOCX, XLSX) is a ZIP, and a ZIP of 1 MB can inflate to 1 GiB: whoever opens it
// (Word on a clerk's PC, a preview, an indexer) is then brought down by a file the tracker stored.
// Before an Office attachment is taken, its central directory is read: at most MAX_ENTRIES
// entries, stored or deflated, none encrypted, no ZIP64, and the uncompressed sizes it declares
// add up to at most the limit. Then every entry is inflated as a stream, without keeping the
// output, and must give exactly the size it declares — so a directory that lies is caught too.
import { Inflate } from 'fflate';

export const MAX_ENTRIES = 5000;
/** Compressed bytes inflated per step. */
const INPUT_SLICE = 4096;

export type ZipProblem = { kind: 'malformed' } | { kind: 'tooLarge'; declared: number };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

class Stop extends Error {}

/** null when the ZIP is acceptable, else why not. */
export function checkZip(data: Buffer, maxUncompressed: number): ZipProblem | null {
  const malformed: ZipProblem = { kind: 'malformed' };
  // The end of central directory record: 22 bytes and a comment of up to 65,535.
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65_535); i--) {
    if (data.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return malformed;
  const entries = data.readUInt16LE(eocd + 10);
  const size = data.readUInt32LE(eocd + 12);
  const offset = data.readUInt32LE(eocd + 16);
  // 0xffff / 0xffffffff mean ZIP64, which no Office file of the size we take needs.
  if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) return malformed;
  if (entries === 0 || entries > MAX_ENTRIES || offset + size > eocd) return malformed;

  const files: { method: number; compressed: number; uncompressed: number; local: number }[] = [];
  let declared = 0;
  let at = offset;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > eocd || data.readUInt32LE(at) !== CENTRAL) return malformed;
    const flags = data.readUInt16LE(at + 8);
    const method = data.readUInt16LE(at + 10);
    const compressed = data.readUInt32LE(at + 20);
    const uncompressed = data.readUInt32LE(at + 24);
    const local = data.readUInt32LE(at + 42);
    if (flags & 0x1) return malformed; // encrypted
    if (method !== 0 && method !== 8) return malformed;
    if (compressed === 0xffffffff || uncompressed === 0xffffffff || local === 0xffffffff) return malformed;
    declared += uncompressed;
    if (declared > maxUncompressed) return { kind: 'tooLarge', declared };
    files.push({ method, compressed, uncompressed, local });
    at += 46 + data.readUInt16LE(at + 28) + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }

  for (const file of files) {
    if (file.local + 30 > data.length || data.readUInt32LE(file.local) !== LOCAL) return malformed;
    const start = file.local + 30 + data.readUInt16LE(file.local + 26) + data.readUInt16LE(file.local + 28);
    const body = data.subarray(start, start + file.compressed);
    if (body.length !== file.compressed) return malformed;
    if (file.method === 0) {
      if (file.compressed !== file.uncompressed) return malformed;
      continue;
    }
    let produced = 0;
    const inflate = new Inflate((chunk) => {
      produced += chunk.length;
      if (produced > file.uncompressed) throw new Stop();
    });
    try {
      // A little input at a time: deflate inflates at most about 1032:1, so no push can produce
      // more than a few MB before the count stops it (one push of the whole entry could be 1 GiB).
      for (let from = 0; from < body.length || from === 0; from += INPUT_SLICE) {
        const slice = body.subarray(from, Math.min(from + INPUT_SLICE, body.length));
        inflate.push(new Uint8Array(slice.buffer, slice.byteOffset, slice.length), from + INPUT_SLICE >= body.length);
        if (from + INPUT_SLICE >= body.length) break;
      }
    } catch (error) {
      if (error instanceof Stop) return { kind: 'tooLarge', declared: Math.max(declared, produced) };
      return malformed;
    }
    if (produced !== file.uncompressed) return malformed;
  }
  return null;
}
