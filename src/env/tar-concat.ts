const blockSize = 512;

/** Where an archive's entries end: the offset of its end-of-archive blocks (or its length). */
function entriesEnd(tar: Buffer): number {
  let offset = 0;
  while (offset + blockSize <= tar.length) {
    const header = tar.subarray(offset, offset + blockSize);
    if (header.every((byte) => byte === 0)) return offset;
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    offset += blockSize + Math.ceil(size / blockSize) * blockSize;
  }
  return tar.length;
}

/** One tar archive holding the entries of `archives` in order (each is a ustar/pax archive). */
export function concatTars(archives: Buffer[]): Buffer {
  if (archives.length <= 1) return archives[0] ?? Buffer.alloc(blockSize * 2);
  const parts = archives.slice(0, -1).map((tar) => tar.subarray(0, entriesEnd(tar)));
  return Buffer.concat([...parts, archives.at(-1)!]);
}
