import { existsSync } from 'node:fs';
import QRCode from 'qrcode';
import PDFDocument from 'pdfkit';
import type { TicketView } from '@qingshui/contracts';

// A ticket as a PNG and a PDF, in Chinese: the fair, the type, the holder, the days, the venue
// and the QR code of its signed token. The PDF through pdfkit with a CJK font; the PNG drawn here
// (the QR code's modules and the text's glyph outlines from the same font, filled with 4×4
// supersampling) so that no native image library is needed.

/** Debian's fonts-noto-cjk; `TICKET_FONT_PATH` / `TICKET_FONT_NAME` choose another. */
export const DEFAULT_TICKET_FONT = {
  path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  name: 'NotoSansCJKsc-Regular',
};
export interface TicketFont {
  path: string;
  name: string;
}
export function ticketFontFromEnv(env: NodeJS.ProcessEnv = process.env): TicketFont {
  return {
    path: env['TICKET_FONT_PATH'] ?? DEFAULT_TICKET_FONT.path,
    name: env['TICKET_FONT_NAME'] ?? DEFAULT_TICKET_FONT.name,
  };
}

export class TicketFontMissingError extends Error {
  constructor(path: string) {
    super(
      `The ticket font ${path} is missing: install fonts-noto-cjk or set TICKET_FONT_PATH (and TICKET_FONT_NAME for a collection)`,
    );
    this.name = 'TicketFontMissingError';
  }
}

const KIND_ZH: Record<TicketView['kind'], string> = {
  public: '普通观众',
  trade: '专业采购商',
  press: '媒体',
};

/** The lines printed on a ticket, top to bottom. */
export function ticketLines(ticket: TicketView): { text: string; size: number }[] {
  const window = ticket.window
    ? ` ${ticket.window.name} ${ticket.window.startsAt}-${ticket.window.endsAt}`
    : '';
  return [
    { text: ticket.fairTitle, size: 26 },
    { text: `${ticket.typeName}（${KIND_ZH[ticket.kind]}）`, size: 22 },
    { text: `持票人：${ticket.holder.name}`, size: 20 },
    ...(ticket.holder.organisation ? [{ text: `单位：${ticket.holder.organisation}`, size: 18 }] : []),
    { text: `入场日期：${ticket.days.join('、')}${window}`, size: 18 },
    { text: `地点：${ticket.venue.name}`, size: 18 },
    { text: ticket.venue.address, size: 16 },
  ];
}

const footer = (ticket: TicketView) =>
  ticket.status === 'valid'
    ? `票号 ${ticket.id} · 第 ${ticket.version} 版 · 凭二维码入场，请勿转让`
    : `此票已作废${ticket.revokedReason ? `：${ticket.revokedReason}` : ''}`;

// --- fonts ---
interface Glyph {
  path: { commands: { command: string; args: number[] }[] };
}
interface Font {
  unitsPerEm: number;
  layout(text: string): {
    glyphs: Glyph[];
    positions: { xAdvance: number; xOffset: number; yOffset: number }[];
  };
}
const fonts = new Map<string, Font>();
function fontOf(font: TicketFont): Font {
  if (!existsSync(font.path)) throw new TicketFontMissingError(font.path);
  const key = `${font.path}#${font.name}`;
  let loaded = fonts.get(key);
  if (!loaded) {
    // fontkit comes with pdfkit; a .ttc is a collection, the name picks the font in it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fontkit = require('fontkit') as { openSync(path: string, name?: string): Font };
    loaded = fontkit.openSync(font.path, font.path.endsWith('.ttc') ? font.name : undefined);
    fonts.set(key, loaded);
  }
  return loaded;
}

// --- a small rasteriser: polygons filled with the non-zero rule, 4×4 supersampled ---
type Edge = [number, number, number, number];
const SUB = 4;

class Canvas {
  readonly gray: Float32Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.gray = new Float32Array(width * height);
  }

  rect(x: number, y: number, w: number, h: number): void {
    for (let j = Math.max(0, y); j < Math.min(this.height, y + h); j += 1)
      for (let i = Math.max(0, x); i < Math.min(this.width, x + w); i += 1) this.gray[j * this.width + i] = 1;
  }

  fill(edges: Edge[]): void {
    if (edges.length === 0) return;
    const ys = edges.flatMap((e) => [e[1], e[3]]);
    const top = Math.max(0, Math.floor(Math.min(...ys)));
    const bottom = Math.min(this.height, Math.ceil(Math.max(...ys)));
    for (let row = top * SUB; row < bottom * SUB; row += 1) {
      const y = (row + 0.5) / SUB;
      const hits: { x: number; w: number }[] = [];
      for (const [x0, y0, x1, y1] of edges) {
        if (y0 === y1 || y < Math.min(y0, y1) || y >= Math.max(y0, y1)) continue;
        hits.push({ x: x0 + ((y - y0) / (y1 - y0)) * (x1 - x0), w: y1 > y0 ? 1 : -1 });
      }
      hits.sort((a, b) => a.x - b.x);
      let winding = 0;
      for (let k = 0; k < hits.length - 1; k += 1) {
        winding += hits[k]!.w;
        if (winding !== 0) this.span(Math.floor(y), hits[k]!.x, hits[k + 1]!.x);
      }
    }
  }

  private span(py: number, from: number, to: number): void {
    const a = Math.max(0, from);
    const b = Math.min(this.width, to);
    for (let px = Math.floor(a); px < Math.ceil(b); px += 1) {
      const cover = Math.min(b, px + 1) - Math.max(a, px);
      const i = py * this.width + px;
      this.gray[i] = Math.min(1, this.gray[i]! + cover / SUB);
    }
  }

  /** A line of text with its left edge at x and its baseline at y; returns its width. */
  text(font: Font, text: string, size: number, x: number, baseline: number, measureOnly = false): number {
    const run = font.layout(text);
    const scale = size / font.unitsPerEm;
    let pen = x;
    run.glyphs.forEach((glyph, g) => {
      const pos = run.positions[g]!;
      if (!measureOnly) {
        const ox = pen + pos.xOffset * scale;
        const oy = baseline - pos.yOffset * scale;
        this.fill(outline(glyph, (gx, gy) => [ox + gx * scale, oy - gy * scale]));
      }
      pen += pos.xAdvance * scale;
    });
    return pen - x;
  }
}

/** A glyph's outline as straight edges (curves flattened), in canvas coordinates. */
function outline(glyph: Glyph, at: (x: number, y: number) => [number, number]): Edge[] {
  const edges: Edge[] = [];
  let start: [number, number] = [0, 0];
  let cur: [number, number] = [0, 0];
  const line = (to: [number, number]) => {
    edges.push([cur[0], cur[1], to[0], to[1]]);
    cur = to;
  };
  for (const { command, args } of glyph.path.commands) {
    if (command === 'moveTo') {
      if (cur[0] !== start[0] || cur[1] !== start[1]) line(start);
      cur = start = at(args[0]!, args[1]!);
    } else if (command === 'lineTo') line(at(args[0]!, args[1]!));
    else if (command === 'quadraticCurveTo') {
      const [c, e] = [at(args[0]!, args[1]!), at(args[2]!, args[3]!)];
      const s = cur;
      for (let k = 1; k <= 8; k += 1) {
        const t = k / 8;
        line([
          (1 - t) ** 2 * s[0] + 2 * (1 - t) * t * c[0] + t * t * e[0],
          (1 - t) ** 2 * s[1] + 2 * (1 - t) * t * c[1] + t * t * e[1],
        ]);
      }
    } else if (command === 'bezierCurveTo') {
      const [c1, c2, e] = [at(args[0]!, args[1]!), at(args[2]!, args[3]!), at(args[4]!, args[5]!)];
      const s = cur;
      for (let k = 1; k <= 10; k += 1) {
        const t = k / 10;
        const u = 1 - t;
        line([
          u ** 3 * s[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t ** 3 * e[0],
          u ** 3 * s[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t ** 3 * e[1],
        ]);
      }
    } else if (command === 'closePath') line(start);
  }
  if (cur[0] !== start[0] || cur[1] !== start[1]) line(start);
  return edges;
}

/** Words that do not fit the width are cut with an ellipsis (a ticket has no room for more). */
function fitted(canvas: Canvas, font: Font, text: string, size: number, width: number): string {
  if (canvas.text(font, text, size, 0, 0, true) <= width) return text;
  let cut = text;
  while (cut.length > 1 && canvas.text(font, `${cut}…`, size, 0, 0, true) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function qrModules(token: string): { size: number; dark(row: number, col: number): boolean } {
  const qr = QRCode.create(token, { errorCorrectionLevel: 'M' });
  return { size: qr.modules.size, dark: (r, c) => !!qr.modules.get(r, c) };
}

export function ticketPng(ticket: TicketView, font: TicketFont = ticketFontFromEnv()): Buffer {
  const face = fontOf(font);
  const width = 640;
  const margin = 40;
  const lines = ticketLines(ticket);
  const textHeight = lines.reduce((h, l) => h + l.size * 1.6, 0);
  const qrSide = 400;
  const height = Math.ceil(margin + textHeight + 20 + qrSide + 70);
  const canvas = new Canvas(width, height);
  let y = margin;
  for (const { text, size } of lines) {
    y += size * 1.3;
    canvas.text(face, fitted(canvas, face, text, size, width - 2 * margin), size, margin, y);
    y += size * 0.3;
  }
  y += 20;
  const qrTop = Math.round(y);
  if (ticket.token) {
    const qr = qrModules(ticket.token);
    const quiet = 4;
    const cell = Math.floor(qrSide / (qr.size + 2 * quiet));
    const side = cell * (qr.size + 2 * quiet);
    const left = Math.round((width - side) / 2);
    for (let r = 0; r < qr.size; r += 1)
      for (let c = 0; c < qr.size; c += 1)
        if (qr.dark(r, c)) canvas.rect(left + (c + quiet) * cell, qrTop + (r + quiet) * cell, cell, cell);
  } else {
    canvas.text(face, '此票已作废，不能入场', 28, margin + 120, qrTop + qrSide / 2);
  }
  canvas.text(
    face,
    fitted(canvas, face, footer(ticket), 14, width - 2 * margin),
    14,
    margin,
    qrTop + qrSide + 40,
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PNG } = require('pngjs') as {
    PNG: { sync: { write(png: { width: number; height: number; data: Buffer }): Buffer } };
  };
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i += 1) {
    const v = Math.round(255 * (1 - canvas.gray[i]!));
    data[i * 4] = v;
    data[i * 4 + 1] = v;
    data[i * 4 + 2] = v;
    data[i * 4 + 3] = 255;
  }
  return PNG.sync.write({ width, height, data });
}

export async function ticketPdf(ticket: TicketView, font: TicketFont = ticketFontFromEnv()): Promise<Buffer> {
  if (!existsSync(font.path)) throw new TicketFontMissingError(font.path);
  const doc = new PDFDocument({
    size: 'A6',
    margin: 24,
    info: { Title: `${ticket.fairTitle} 门票`, Author: '清水' },
  });
  doc.registerFont('cjk', font.path, font.path.endsWith('.ttc') ? font.name : undefined);
  doc.font('cjk');
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 48;
  for (const { text, size } of ticketLines(ticket))
    doc.fontSize(Math.round(size * 0.55)).text(text, { width, lineGap: 2 });
  doc.moveDown(0.5);
  if (ticket.token) {
    const png = await QRCode.toBuffer(ticket.token, { errorCorrectionLevel: 'M', margin: 2, width: 400 });
    const side = Math.min(width, 170);
    doc.image(png, 24 + (width - side) / 2, doc.y, { width: side, height: side });
    doc.y += side + 6;
  } else {
    doc.fontSize(16).fillColor('#b00').text('此票已作废，不能入场', { width, align: 'center' });
    doc.fillColor('#000');
  }
  doc.fontSize(7).text(footer(ticket), 24, doc.y, { width });
  doc.end();
  return done;
}
