import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Reads a browser profile as someone with a copy of it would: every regular file's raw bytes, and
 * for LevelDB tables (*.ldb, *.sst) also their Snappy-compressed blocks decompressed, so a value
 * cannot hide from the search by being compressed. A LevelDB log (*.log) is stored uncompressed.
 */

/** The forms a stored string can take on disk: UTF-8 (also V8's one-byte strings), UTF-16 both ways, JSON-escaped. */
export function diskForms(text: string): Buffer[] {
  const utf16le = Buffer.from(text, 'utf16le');
  const utf16be = Buffer.from(utf16le).swap16();
  const escaped = JSON.stringify(text).slice(1, -1);
  const forms = [Buffer.from(text, 'utf8'), utf16le, utf16be];
  if (escaped !== text) forms.push(Buffer.from(escaped, 'utf8'), Buffer.from(escaped, 'utf16le'));
  return forms;
}

/** The profile's files (relative paths) that hold `text` in any of its disk forms. */
export function filesHolding(profileDir: string, text: string): string[] {
  const forms = diskForms(text);
  return profileFiles(profileDir)
    .filter((file) => readable(file).some((bytes) => forms.some((form) => bytes.includes(form))))
    .map((file) => relative(profileDir, file));
}

/** Every regular file under `dir` (sockets and the Singleton* symlinks skipped). */
export function profileFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function readable(file: string): Buffer[] {
  const bytes = readFileSync(file);
  return /\.(ldb|sst)$/.test(file) ? [bytes, ...leveldbTableBlocks(bytes)] : [bytes];
}

// ---------------------------------------------------------------------------------------------
// LevelDB tables: https://github.com/google/leveldb/blob/main/doc/table_format.md

const TABLE_MAGIC = 0xdb4775248b80fb57n;
const FOOTER_BYTES = 48;
const BLOCK_TRAILER_BYTES = 5;
const SNAPPY_BLOCK = 1;

function varint(bytes: Buffer, at: number): [value: number, next: number] {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = bytes[at++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, at];
  }
}

function blockHandle(bytes: Buffer, at: number): [offset: number, size: number, next: number] {
  const [offset, afterOffset] = varint(bytes, at);
  const [size, next] = varint(bytes, afterOffset);
  return [offset, size, next];
}

/** A block's contents, decompressed if it was stored with Snappy. */
function blockAt(table: Buffer, offset: number, size: number): Buffer {
  const contents = table.subarray(offset, offset + size);
  return table[offset + size] === SNAPPY_BLOCK ? snappyDecompress(contents) : contents;
}

/** The values of a block's entries (the index block's values are the data blocks' handles). */
function blockValues(block: Buffer): Buffer[] {
  const restarts = block.readUInt32LE(block.length - 4);
  const end = block.length - 4 - restarts * 4;
  const values: Buffer[] = [];
  for (let at = 0; at < end;) {
    const [, afterShared] = varint(block, at);
    const [unshared, afterUnshared] = varint(block, afterShared);
    const [valueLength, keyStart] = varint(block, afterUnshared);
    const valueStart = keyStart + unshared;
    values.push(block.subarray(valueStart, valueStart + valueLength));
    at = valueStart + valueLength;
  }
  return values;
}

/** Every data block of a table, decompressed. A file that is no table gives none. */
export function leveldbTableBlocks(table: Buffer): Buffer[] {
  if (table.length < FOOTER_BYTES || table.readBigUInt64LE(table.length - 8) !== TABLE_MAGIC) return [];
  const footer = table.subarray(table.length - FOOTER_BYTES);
  const [, , afterMeta] = blockHandle(footer, 0);
  const [indexOffset, indexSize] = blockHandle(footer, afterMeta);
  return blockValues(blockAt(table, indexOffset, indexSize)).map((handle) => {
    const [offset, size] = blockHandle(handle, 0);
    if (offset + size + BLOCK_TRAILER_BYTES > table.length) throw new Error('a LevelDB block handle points outside its table');
    return blockAt(table, offset, size);
  });
}

/** Snappy's raw format: https://github.com/google/snappy/blob/main/format_description.txt */
export function snappyDecompress(input: Buffer): Buffer {
  const [length, start] = varint(input, 0);
  const out = Buffer.alloc(length);
  let written = 0;
  for (let at = start; at < input.length;) {
    const tag = input[at++]!;
    if ((tag & 3) === 0) {
      let literal = (tag >> 2) + 1;
      if (literal > 60) {
        const extra = literal - 60;
        literal = input.readUIntLE(at, extra) + 1;
        at += extra;
      }
      input.copy(out, written, at, at + literal);
      written += literal;
      at += literal;
      continue;
    }
    let copyLength: number;
    let offset: number;
    if ((tag & 3) === 1) {
      copyLength = ((tag >> 2) & 7) + 4;
      offset = ((tag >> 5) << 8) | input[at++]!;
    } else {
      copyLength = (tag >> 2) + 1;
      const wide = (tag & 3) === 3;
      offset = wide ? input.readUInt32LE(at) : input.readUInt16LE(at);
      at += wide ? 4 : 2;
    }
    // Byte by byte: a copy may overlap what it is writing (a run).
    for (let i = 0; i < copyLength; i++, written++) out[written] = out[written - offset]!;
  }
  if (written !== length) throw new Error('a Snappy block decompressed to the wrong length');
  return out;
}
