/**
 * One disk-cache entry: the binary file `<key>.bin` and its metadata sidecar `<key>.json`.
 *
 * Entry file format (all integers little-endian):
 *
 *   offset  size  field
 *   0       8     magic, ASCII "CUPYTSK1"
 *   8       4     uint32 format version (CACHE_FORMAT_VERSION)
 *   12      4     uint32 payload length in bytes
 *   16      32    sha256 of the payload
 *   48      n     payload (the cubin / PTX bytes)
 *
 * The sidecar (`KernelEntryMeta`, JSON, checked with zod where it is read) says what the entry
 * is: the kernel's name, arch, NVRTC options and versions, and a hash of its source. It is for
 * people and `cupyts cache ls`; an entry without one is still a valid entry, but one whose sidecar
 * is damaged or disagrees with the binary is not (`entryFilesProblem`: a read counts it as a miss
 * and the compile that follows writes both files again; `cupyts cache verify` reports it).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const CACHE_FORMAT_VERSION = 1;

const ENTRY_MAGIC = Buffer.from('CUPYTSK1', 'ascii');
export const ENTRY_HEADER_BYTES = ENTRY_MAGIC.length + 4 + 4 + 32;

export const ARCH_PATTERN = /^(sm|compute)_\d+[a-z]?$/;
export const KEY_PATTERN = /^[0-9a-f]{64}$/;

/** File name suffixes of an entry's files. */
export const ENTRY_SUFFIXES = { binary: '.bin', meta: '.json', source: '.cu' } as const;

export function encodeEntry(payload: Uint8Array): Uint8Array {
  const header = Buffer.alloc(ENTRY_HEADER_BYTES);
  ENTRY_MAGIC.copy(header, 0);
  header.writeUInt32LE(CACHE_FORMAT_VERSION, 8);
  header.writeUInt32LE(payload.byteLength, 12);
  createHash('sha256').update(payload).digest().copy(header, 16);
  return Buffer.concat([header, payload]);
}

/** The same bytes as a Buffer (no copy). The exported types say Uint8Array, so that cupyts' published types need no @types/node. */
const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** The payload if `contents` is a complete, intact entry of this format version; else undefined. */
export function decodeEntry(bytes: Uint8Array): Uint8Array | undefined {
  const contents = asBuffer(bytes);
  if (contents.length < ENTRY_HEADER_BYTES) return undefined;
  if (!contents.subarray(0, ENTRY_MAGIC.length).equals(ENTRY_MAGIC)) return undefined;
  if (contents.readUInt32LE(8) !== CACHE_FORMAT_VERSION) return undefined;
  const length = contents.readUInt32LE(12);
  if (contents.length !== ENTRY_HEADER_BYTES + length) return undefined;
  const payload = contents.subarray(ENTRY_HEADER_BYTES);
  const checksum = createHash('sha256').update(payload).digest();
  if (!checksum.equals(contents.subarray(16, ENTRY_HEADER_BYTES))) return undefined;
  return new Uint8Array(payload); // a plain copy, not a view on the Buffer
}

/** Why `contents` is not a valid entry, or undefined when it is. */
export function entryProblem(bytes: Uint8Array): string | undefined {
  const contents = asBuffer(bytes);
  if (contents.length < ENTRY_HEADER_BYTES) return `truncated: ${contents.length} bytes, shorter than the ${ENTRY_HEADER_BYTES}-byte header`;
  if (!contents.subarray(0, ENTRY_MAGIC.length).equals(ENTRY_MAGIC)) return 'bad magic (not a cupyts kernel entry)';
  const version = contents.readUInt32LE(8);
  if (version !== CACHE_FORMAT_VERSION) return `format version ${version}, expected ${CACHE_FORMAT_VERSION}`;
  const length = contents.readUInt32LE(12);
  if (contents.length !== ENTRY_HEADER_BYTES + length) return `length: header says ${length} payload bytes, file has ${contents.length - ENTRY_HEADER_BYTES}`;
  if (decodeEntry(contents) === undefined) return 'checksum mismatch (payload damaged)';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Metadata sidecar

export const KernelEntryMetaSchema = z.object({
  /** The kernel's file-like name given to NVRTC, e.g. "fused_mul_add_f32.cu". */
  name: z.string().min(1),
  arch: z.string().regex(ARCH_PATTERN, "expected an arch like 'sm_90' or 'compute_90'"),
  target: z.enum(['cubin', 'ptx']),
  /** NVRTC options as passed, the architecture option included. */
  options: z.array(z.string()),
  nvrtcVersion: z.string(),
  cupytsVersion: z.string(),
  sourceSha256: z.string().regex(KEY_PATTERN, 'expected 64 lowercase hex digits'),
  binaryBytes: z.number().int().nonnegative(),
  createdAt: z.string(),
});

export type KernelEntryMeta = z.infer<typeof KernelEntryMetaSchema>;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Parses a sidecar's text: the metadata, or a one-line reason it is not valid. */
export function parseEntryMeta(text: string): { meta: KernelEntryMeta } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { problem: `metadata is not JSON (${(err as Error).message})` };
  }
  const parsed = KernelEntryMetaSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `metadata field ${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  return { meta: parsed.data };
}

/**
 * Why an entry is not valid, or undefined when it is: its `.bin` contents, found under the arch
 * folder `arch`, and its sidecar's text (undefined: it has none). The one check that both a read
 * of the cache and `cupyts cache verify` make.
 */
export function entryFilesProblem(arch: string, contents: Buffer, metaText: string | undefined): string | undefined {
  const problem = entryProblem(contents);
  if (problem !== undefined || metaText === undefined) return problem;
  const parsed = parseEntryMeta(metaText);
  if ('problem' in parsed) return parsed.problem;
  if (parsed.meta.arch !== arch) return `metadata says arch ${parsed.meta.arch}, the entry is under ${arch}`;
  const payloadBytes = contents.length - ENTRY_HEADER_BYTES;
  if (parsed.meta.binaryBytes !== payloadBytes) return `metadata says ${parsed.meta.binaryBytes} payload bytes, the entry has ${payloadBytes}`;
  return undefined;
}
