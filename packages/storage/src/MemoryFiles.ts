/**
 * How an in-memory PGlite database's files grow. PGlite keeps them in Emscripten's MEMFS: a file
 * is one byte array, copied into a larger one when it grows — by only 12.5% at a time past 1 MiB —
 * and into one of the exact new size on every `ftruncate`. PostgreSQL extends a table being
 * loaded with COPY several pages at a time with `posix_fallocate`, which Emscripten implements as
 * `ftruncate`: loading a 100 MB table copied it hundreds of times (minutes for a 100,000-task
 * import). {@link growFilesGeometrically} makes
 * files grow by doubling instead, whether written past their end or extended by `ftruncate`;
 * shrinking is left as it was. File contents and sizes are unchanged.
 *
 * A file past {@link IN_PLACE_FROM} moves into a resizable `ArrayBuffer` that then grows in place:
 * no copy, and only the pages written are ever touched (a doubling copy touches as many fresh pages
 * as the file holds, and fresh pages are what a large import spends its time on in memory).
 */

/** A MEMFS file node: its bytes (capacity `contents.length`) and its size. */
interface MemFile {
  contents: Uint8Array;
  usedBytes: number;
}

/** The parts of Emscripten's MEMFS that decide how files grow. */
interface MemFileStorage {
  expandFileStorage(node: MemFile, capacity: number): void;
  resizeFileStorage(node: MemFile, size: number): void;
}

/**
 * Replaces MEMFS's growth functions (`PGlite.Module.MEMFS`). Returns false, changing nothing,
 * when they are not there (another Emscripten or PGlite version): files then grow as before.
 */
export function growFilesGeometrically(memfs: unknown): boolean {
  if (!isMemFileStorage(memfs)) return false;
  const resize = memfs.resizeFileStorage.bind(memfs);
  // Views that track the length of their resizable buffer (growing it grows them).
  const inPlace = new WeakSet<Uint8Array>();
  memfs.expandFileStorage = (node, capacity) => {
    const current = node.contents.length;
    if (current >= capacity) return;
    const wanted = Math.max(capacity, current * 2, 256);
    const buffer = node.contents.buffer as unknown as ResizableBuffer;
    if (inPlace.has(node.contents) && capacity <= buffer.maxByteLength) {
      buffer.resize(Math.min(wanted, buffer.maxByteLength));
      return;
    }
    const grown = wanted >= IN_PLACE_FROM ? resizableBytes(Math.max(wanted, capacity)) : undefined;
    if (grown) inPlace.add(grown);
    const contents = grown ?? new Uint8Array(wanted);
    contents.set(node.contents.subarray(0, node.usedBytes));
    node.contents = contents;
  };
  memfs.resizeFileStorage = (node, size) => {
    if (size <= node.usedBytes) {
      resize(node, size);
      return;
    }
    const before = node.contents;
    const capacity = before.length;
    memfs.expandFileStorage(node, size);
    // Bytes kept past the end may be old data; those of a new or grown buffer are zero already,
    // and so is everything past the end of a file growing in place (it is only ever made shorter
    // by copying it into a new array): filling them would touch every new page for nothing.
    if (node.contents === before && !inPlace.has(before)) {
      node.contents.fill(0, node.usedBytes, Math.min(size, capacity));
    }
    node.usedBytes = size;
  };
  return true;
}

/** A resizable `ArrayBuffer` (ES2024, Node ≥ 20; the package's TypeScript library is older). */
interface ResizableBuffer {
  readonly maxByteLength: number;
  resize(byteLength: number): void;
}
const ResizableArrayBuffer = ArrayBuffer as unknown as new (
  byteLength: number,
  options: { maxByteLength: number },
) => ArrayBuffer & ResizableBuffer;

/** Files this large (bytes) grow in place… */
const IN_PLACE_FROM = 1 << 20;
/** …up to this size (PostgreSQL splits a relation into files of 1 GiB); a larger one is copied. */
const IN_PLACE_MAX = 1 << 30;

/**
 * A view of `size` zero bytes over a resizable buffer that can grow to at least {@link IN_PLACE_MAX}
 * (address space reserved, not memory), or undefined when none can be had.
 */
function resizableBytes(size: number): Uint8Array | undefined {
  try {
    return new Uint8Array(new ResizableArrayBuffer(size, { maxByteLength: Math.max(size, IN_PLACE_MAX) }));
  } catch {
    return undefined;
  }
}

function isMemFileStorage(value: unknown): value is MemFileStorage {
  const candidate = value as Partial<MemFileStorage> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.expandFileStorage === "function" &&
    typeof candidate.resizeFileStorage === "function"
  );
}
