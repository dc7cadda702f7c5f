const blockSize = 512;

/** One entry read from a tar archive. */
export interface TarEntry {
  name: string;
  /** Type flag: '0' regular file, '2' symlink, '5' directory, ... */
  type: string;
  linkName: string;
  data: Buffer;
}

function writeOctal(header: Buffer, value: number, offset: number, length: number): void {
  header.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}

function header(name: string, size: number, mode: number, type: string): Buffer {
  const block = Buffer.alloc(blockSize);
  block.write(name, 0, 100, 'utf8');
  writeOctal(block, mode, 100, 8);
  writeOctal(block, 0, 108, 8);
  writeOctal(block, 0, 116, 8);
  writeOctal(block, size, 124, 12);
  writeOctal(block, Math.floor(Date.now() / 1000), 136, 12);
  block.fill(' ', 148, 156);
  block.write(type, 156, 1, 'ascii');
  block.write('ustar\0' + '00', 257, 8, 'ascii');
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return block;
}

function padding(size: number): Buffer {
  return Buffer.alloc((blockSize - (size % blockSize)) % blockSize);
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body);
  while (String(length).length + Buffer.byteLength(body) !== length)
    length = String(length).length + Buffer.byteLength(body);
  return Buffer.from(`${length}${body}`);
}

/** A tar archive holding one regular file; names over 100 bytes or non-ASCII go in a PAX header. */
export function tarOneFile(name: string, content: Uint8Array, mode: number): Buffer {
  const parts: Buffer[] = [];
  if (Buffer.byteLength(name) > 100 || /[^\x20-\x7e]/.test(name)) {
    const pax = paxRecord('path', name);
    parts.push(header('PaxHeader', pax.length, 0o644, 'x'), pax, padding(pax.length));
  }
  parts.push(header(name, content.byteLength, mode, '0'), Buffer.from(content), padding(content.byteLength));
  parts.push(Buffer.alloc(blockSize * 2));
  return Buffer.concat(parts);
}

function text(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function size(block: Buffer): number {
  if ((block[124]! & 0x80) !== 0) return Number(block.subarray(125, 136).readBigUInt64BE(3));
  return parseInt(text(block, 124, 12).trim() || '0', 8);
}

function ustarName(block: Buffer): string {
  const prefix = text(block, 257, 5) === 'ustar' ? text(block, 345, 155) : '';
  return prefix === '' ? text(block, 0, 100) : `${prefix}/${text(block, 0, 100)}`;
}

function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  for (const match of data.toString('utf8').matchAll(/\d+ ([^=]+)=([^\n]*)\n/g))
    records[match[1]!] = match[2]!;
  return records;
}

/** The first real entry of a tar archive (PAX and GNU long-name headers applied), or undefined. */
export function firstTarEntry(archive: Buffer): TarEntry | undefined {
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  for (let offset = 0; offset + blockSize <= archive.length;) {
    const block = archive.subarray(offset, offset + blockSize);
    if (block.every((byte) => byte === 0)) return undefined;
    const type = block[156] === 0 ? '0' : String.fromCharCode(block[156]!);
    const length = type === 'x' || type === 'L' || pax.size === undefined ? size(block) : Number(pax.size);
    const data = archive.subarray(offset + blockSize, offset + blockSize + length);
    offset += blockSize + Math.ceil(length / blockSize) * blockSize;
    if (type === 'x') pax = { ...pax, ...parsePax(data) };
    else if (type === 'L') longName = text(data, 0, data.length);
    else if (type !== 'g') {
      const name = pax.path ?? longName ?? ustarName(block);
      return { name, type, linkName: pax.linkpath ?? text(block, 157, 100), data };
    }
  }
  return undefined;
}
