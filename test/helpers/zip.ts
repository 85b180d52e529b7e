import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/**
 * Writes a zip archive for hostile-input tests: each entry's data is deflated from a repeated chunk, so that a
 * small file unpacks to a huge one (a zip bomb) without the test ever holding the unpacked bytes. Test-only: the
 * product reads zips with exceljs.
 */
export interface ZipEntry {
  name: string;
  /** the bytes of the entry: `head`, then `chunk` repeated `repeat` times, then `tail` */
  head: string;
  chunk?: string;
  repeat?: number;
  tail?: string;
}

async function deflated(entry: ZipEntry): Promise<{ data: Buffer; crc: number; size: number }> {
  const head = Buffer.from(entry.head);
  const chunk = Buffer.from(entry.chunk ?? '');
  const tail = Buffer.from(entry.tail ?? '');
  let crc = 0;
  let size = 0;
  function* bytes() {
    for (const part of [head, ...Array.from({ length: entry.repeat ?? 0 }, () => chunk), tail]) {
      crc = zlib.crc32(part, crc);
      size += part.length;
      yield part;
    }
  }
  // Streamed: many megabytes of input cost one chunk of memory.
  const out: Buffer[] = [];
  await pipeline(Readable.from(bytes()), zlib.createDeflateRaw({ level: 9 }), async function* (compressed: AsyncIterable<Buffer>) {
    for await (const piece of compressed) out.push(piece);
  });
  return { data: Buffer.concat(out), crc, size };
}

export async function zipOf(entries: ZipEntry[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const { data, crc, size } = await deflated(entry);
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
