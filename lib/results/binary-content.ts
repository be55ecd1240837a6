import { StreamableFile } from '@nestjs/common';

/** Bytes with the MIME type they were declared or sniffed as. */
export interface BinaryPayload {
  data: Buffer;
  mimeType?: string;
  /** The file name a `StreamableFile` declared (`disposition`), if any. */
  fileName?: string;
}

const SIGNATURES: ReadonlyArray<{ mimeType: string; test: (bytes: Buffer) => boolean }> = [
  { mimeType: 'image/png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mimeType: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mimeType: 'image/gif', test: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  { mimeType: 'image/webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { mimeType: 'audio/wav', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WAVE' },
  { mimeType: 'audio/mpeg', test: (b) => b.subarray(0, 3).toString('latin1') === 'ID3' || (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0) },
  { mimeType: 'audio/ogg', test: (b) => b.subarray(0, 4).toString('latin1') === 'OggS' },
  { mimeType: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
];

/** Guesses a MIME type from the first bytes of common image, audio and document formats. */
export function sniffMimeType(bytes: Buffer): string | undefined {
  return SIGNATURES.find((signature) => signature.test(bytes))?.mimeType;
}

/** Whether a value is bytes a handler returned (`Buffer`, `Uint8Array` or Nest's `StreamableFile`). */
export function isBinary(value: unknown): value is Buffer | Uint8Array | StreamableFile {
  return value instanceof Uint8Array || value instanceof StreamableFile;
}

/** Reads bytes a handler returned, with their MIME type (declared by `StreamableFile`, else sniffed). */
export async function readBinary(value: Buffer | Uint8Array | StreamableFile): Promise<BinaryPayload> {
  if (value instanceof StreamableFile) {
    const chunks: Buffer[] = [];
    for await (const chunk of value.getStream()) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
    }
    const data = Buffer.concat(chunks);
    const { type: declared, disposition } = value.getHeaders();
    const mimeType = declared && declared !== 'application/octet-stream' ? declared : sniffMimeType(data) ?? declared;
    return { data, mimeType, fileName: fileNameOf(Array.isArray(disposition) ? disposition[0] : disposition) };
  }
  const data = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return { data, mimeType: sniffMimeType(data) };
}

/** Whether contents of this MIME type are text (returned as `text`, not a base64 `blob`). */
export function isTextMimeType(mimeType: string | undefined): boolean {
  if (!mimeType) return false;
  const type = mimeType.split(';')[0]!.trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/xml' ||
    type.endsWith('+xml') ||
    type === 'application/yaml' ||
    type === 'application/x-yaml' ||
    type === 'application/javascript' ||
    type === 'application/ecmascript' ||
    type === 'application/sql' ||
    type === 'application/graphql'
  );
}

/** The file name of a `Content-Disposition` value (`attachment; filename="notes.txt"` → `notes.txt`). */
export function fileNameOf(disposition: string | undefined): string | undefined {
  const match = disposition && /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!.trim());
  } catch {
    return match[1]!.trim();
  }
}
