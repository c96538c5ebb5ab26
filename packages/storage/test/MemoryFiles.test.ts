/**
 * Growing in-memory files by doubling. The stand-in below behaves as Emscripten's MEMFS does
 * (12.5% growth past 1 MiB, exact reallocation on truncate); what must not change is what a file
 * holds and its size, only how often its bytes are copied.
 */
import { describe, expect, it } from "vitest";
import { growFilesGeometrically } from "../src/MemoryFiles.ts";

interface Node {
  contents: Uint8Array;
  usedBytes: number;
}

/** MEMFS's growth functions, and writes and truncation as MEMFS does them; counts reallocations. */
function memfs() {
  let reallocations = 0;
  /** Runs a file operation, counting it when the file's byte array was replaced. */
  const counted = (node: Node, operation: () => void) => {
    const contents = node.contents;
    operation();
    if (node.contents !== contents) reallocations += 1;
  };
  const fs = {
    expandFileStorage(node: Node, capacity: number) {
      const current = node.contents.length;
      if (current >= capacity) return;
      const grown = new Uint8Array(Math.max(capacity, (current * (current < 1 << 20 ? 2 : 1.125)) >>> 0, 256));
      grown.set(node.contents.subarray(0, node.usedBytes));
      node.contents = grown;
    },
    resizeFileStorage(node: Node, size: number) {
      if (node.usedBytes === size) return;
      const old = node.contents;
      node.contents = new Uint8Array(size);
      node.contents.set(old.subarray(0, Math.min(size, node.usedBytes)));
      node.usedBytes = size;
    },
    write(node: Node, bytes: Uint8Array, position: number) {
      counted(node, () => fs.expandFileStorage(node, position + bytes.length));
      node.contents.set(bytes, position);
      node.usedBytes = Math.max(node.usedBytes, position + bytes.length);
    },
    truncate(node: Node, size: number) {
      counted(node, () => fs.resizeFileStorage(node, size));
    },
    reallocations: () => reallocations,
  };
  return fs;
}

/** Appends pages and extends by truncation, as PostgreSQL loading a table does; returns the file. */
function load(fs: ReturnType<typeof memfs>): Node {
  const node: Node = { contents: new Uint8Array(0), usedBytes: 0 };
  const page = new Uint8Array(8192);
  for (let i = 0; i < 150; i += 1) {
    page.fill(i % 251);
    if (i % 3 === 0) {
      // posix_fallocate of 8 pages, then the pages written
      fs.truncate(node, node.usedBytes + 8 * 8192);
      for (let k = 0; k < 8; k += 1) fs.write(node, page, node.usedBytes - (8 - k) * 8192);
    } else {
      fs.write(node, page, node.usedBytes);
    }
  }
  fs.truncate(node, node.usedBytes - 8192);
  return node;
}

describe("growFilesGeometrically", () => {
  it("keeps every file's bytes and size while reallocating far less often", () => {
    const before = memfs();
    const expected = load(before);
    const after = memfs();
    expect(growFilesGeometrically(after)).toBe(true);
    const node = load(after);
    expect(node.usedBytes).toBe(expected.usedBytes);
    const bytes = (file: Node) => Buffer.from(file.contents.buffer, file.contents.byteOffset, file.usedBytes);
    expect(bytes(node).equals(bytes(expected))).toBe(true);
    expect(after.reallocations() * 4).toBeLessThan(before.reallocations());
  });

  it("zero-fills what a truncation adds, even over bytes left past the end", () => {
    const fs = memfs();
    growFilesGeometrically(fs);
    const node: Node = { contents: new Uint8Array([1, 2, 3, 4, 9, 9]), usedBytes: 4 };
    fs.truncate(node, 6);
    expect([...node.contents.subarray(0, node.usedBytes)]).toEqual([1, 2, 3, 4, 0, 0]);
    fs.truncate(node, 2);
    expect([...node.contents.subarray(0, node.usedBytes)]).toEqual([1, 2]);
  });

  it("grows large files in place, zero-filling what a truncation adds", () => {
    const fs = memfs();
    growFilesGeometrically(fs);
    const node: Node = { contents: new Uint8Array(0), usedBytes: 0 };
    const page = new Uint8Array(8192).fill(7);
    for (let i = 0; i < 300; i += 1) fs.write(node, page, i * 8192);
    const grown = node.contents;
    fs.write(node, page, 300 * 8192);
    fs.truncate(node, node.usedBytes + 3 * 8192);
    expect(node.contents).toBe(grown);
    expect(node.usedBytes).toBe(304 * 8192);
    expect(node.contents.subarray(0, 301 * 8192).every((byte) => byte === 7)).toBe(true);
    expect(node.contents.subarray(301 * 8192, node.usedBytes).every((byte) => byte === 0)).toBe(true);
    // Shorter, then longer again: the bytes cut off do not come back.
    fs.truncate(node, 8192 + 10);
    fs.truncate(node, 3 * 8192);
    expect(node.contents.subarray(0, 8192).every((byte) => byte === 7)).toBe(true);
    expect(node.contents.subarray(8192 + 10, node.usedBytes).every((byte) => byte === 0)).toBe(true);
  });

  it("changes nothing when the functions are not there", () => {
    expect(growFilesGeometrically({})).toBe(false);
    expect(growFilesGeometrically(undefined)).toBe(false);
  });
});
