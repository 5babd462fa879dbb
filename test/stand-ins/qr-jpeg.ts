import { encodeQR } from 'qr';

/**
 * WeChat's showqrcode answers a JPEG (contract §2), and no JPEG encoder is among the installed
 * packages, so this is a small baseline one made for QR codes only: every module is drawn as 8×8
 * pixels on the 8×8 block grid, so each block is one flat colour and its DCT has a DC coefficient
 * alone. The file is an ordinary baseline JFIF (greyscale, one Huffman table pair) that any decoder
 * reads, and it decodes to exactly black and white.
 */
const BORDER_MODULES = 4;

/** The standard luminance DC table (ITU T.81, K.3): code lengths for categories 0…11. */
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** The only AC symbol ever written is EOB (0x00): a table of one one-bit code. */
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALUES = [0x00];
/** Flat quantisation: DC of a block of value v is 8·(v − 128), so it quantises to v − 128 exactly. */
const QUANT = 8;

/** Canonical Huffman codes (T.81, C.2) from code-length counts: symbol → [code, length]. */
function huffmanCodes(bits: number[], values: number[]): Map<number, [number, number]> {
  const codes = new Map<number, [number, number]>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < bits[length - 1]!; i++) codes.set(values[k++]!, [code++, length]);
    code <<= 1;
  }
  return codes;
}

class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private filled = 0;

  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.current = (this.current << 1) | ((value >> i) & 1);
      if (++this.filled === 8) this.flushByte();
    }
  }

  /** Pads the last byte with 1-bits, as T.81 F.1.2.3 asks. */
  finish(): number[] {
    while (this.filled !== 0) this.write(1, 1);
    return this.bytes;
  }

  private flushByte(): void {
    this.bytes.push(this.current);
    // A 0xFF in entropy-coded data is followed by a stuffed zero byte.
    if (this.current === 0xff) this.bytes.push(0);
    this.current = 0;
    this.filled = 0;
  }
}

function segment(marker: number, body: number[]): number[] {
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...body];
}

/** A baseline JPEG of a greyscale picture given as one value (0…255) per 8×8 block, row by row. */
export function encodeBlockJpeg(blocks: number[][]): Buffer {
  const heightPx = blocks.length * 8;
  const widthPx = (blocks[0]?.length ?? 0) * 8;
  const dc = huffmanCodes(DC_BITS, DC_VALUES);
  const ac = huffmanCodes(AC_BITS, AC_VALUES);
  const bits = new BitWriter();
  let previous = 0;
  for (const row of blocks) {
    for (const value of row) {
      const coefficient = Math.round((8 * (value - 128)) / QUANT);
      const diff = coefficient - previous;
      previous = coefficient;
      const category = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
      const [code, length] = dc.get(category)!;
      bits.write(code, length);
      // Negative differences are written as diff − 1 in `category` bits (T.81, F.1.2.1).
      if (category > 0) bits.write(diff > 0 ? diff : diff + (1 << category) - 1, category);
      const [eob, eobLength] = ac.get(0x00)!;
      bits.write(eob, eobLength);
    }
  }
  const jfif = segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const dqt = segment(0xdb, [0x00, ...Array<number>(64).fill(QUANT)]);
  const sof0 = segment(0xc0, [8, heightPx >> 8, heightPx & 0xff, widthPx >> 8, widthPx & 0xff, 1, 1, 0x11, 0]);
  const dht = segment(0xc4, [0x00, ...DC_BITS, ...DC_VALUES, 0x10, ...AC_BITS, ...AC_VALUES]);
  const sos = segment(0xda, [1, 1, 0x00, 0, 63, 0]);
  return Buffer.from([0xff, 0xd8, ...jfif, ...dqt, ...sof0, ...dht, ...sos, ...bits.finish(), 0xff, 0xd9]);
}

/** The QR code of `text` as WeChat's showqrcode serves it: a JPEG, dark modules on white. */
export function qrCodeJpeg(text: string): Buffer {
  const modules = encodeQR(text, 'raw', { border: BORDER_MODULES });
  return encodeBlockJpeg(modules.map((row) => row.map((dark) => (dark ? 0 : 255))));
}

/** Width and height from a JPEG's SOF0 segment, or undefined when there is none. */
export function jpegSize(jpeg: Uint8Array): { width: number; height: number } | undefined {
  for (let i = 2; i + 8 < jpeg.length;) {
    if (jpeg[i] !== 0xff) return undefined;
    const marker = jpeg[i + 1]!;
    if (marker === 0xc0) return { height: (jpeg[i + 5]! << 8) | jpeg[i + 6]!, width: (jpeg[i + 7]! << 8) | jpeg[i + 8]! };
    i += 2 + ((jpeg[i + 2]! << 8) | jpeg[i + 3]!);
  }
  return undefined;
}
