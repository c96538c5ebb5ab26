/**
 * How an in-memory PGlite database's files grow. PGlite keeps them in Emscripten's MEMFS: a file
 * is one byte array, copied into a larger one when it grows — by only 12.5% at a time past 1 MiB —
 * and into one of the exact new size on every `ftruncate`. PostgreSQL extends a table being
 * loaded with COPY several pages at a time with `posix_fallocate`, which Emscripten implements as
 * `ftruncate`: loading a 100 MB table copied it hundreds of times (minutes for a 100,000-task
 * import). {@link growFilesGeometrically} makes
 * files grow by doubling instead, whether written past their end or extended by `ftruncate`;
 * shrinking is left as it was. File contents and sizes are unchanged.
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
  memfs.expandFileStorage = (node, capacity) => {
    const current = node.contents.length;
    if (current >= capacity) return;
    const grown = new Uint8Array(Math.max(capacity, current * 2, 256));
    grown.set(node.contents.subarray(0, node.usedBytes));
    node.contents = grown;
  };
  memfs.resizeFileStorage = (node, size) => {
    if (size <= node.usedBytes) {
      resize(node, size);
      return;
    }
    memfs.expandFileStorage(node, size);
    node.contents.fill(0, node.usedBytes, size);
    node.usedBytes = size;
  };
  return true;
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
