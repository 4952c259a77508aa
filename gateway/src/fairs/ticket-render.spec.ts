import { existsSync } from 'node:fs';
import type { TicketView } from '@qingshui/contracts';
import {
  DEFAULT_TICKET_FONT,
  TicketFontMissingError,
  ticketLines,
  ticketPdf,
  ticketPng,
} from './ticket-render';

const ticket: TicketView = {
  id: 'tAbCdEfGhIjKlMnOpQrStUv',
  fairId: 'fair-1',
  fairTitle: '2027 南水北调中线水源区农产品北京推介会',
  venue: { name: '北京农业展览馆', address: '北京市朝阳区东三环北路16号' },
  registrationId: 'fair-1:u-1',
  typeId: 'trade',
  typeName: '专业采购商',
  kind: 'trade',
  days: ['2027-05-18', '2027-05-19'],
  holder: { userId: 'u-1', name: '王经理', organisation: '北京新发地农产品批发市场' },
  leadConsent: true,
  status: 'valid',
  version: 1,
  issuedAt: '2026-12-01T08:00:00.000Z',
  token: 'QS1.eyJ0aWQiOiJ0In0.c2lnbmF0dXJl',
};
const haveFont = existsSync(DEFAULT_TICKET_FONT.path);

describe('a ticket printed', () => {
  it('names the fair, the type, the holder, the days and the venue in Chinese', () => {
    expect(ticketLines(ticket).map((l) => l.text)).toEqual([
      ticket.fairTitle,
      '专业采购商（专业采购商）',
      '持票人：王经理',
      '单位：北京新发地农产品批发市场',
      '入场日期：2027-05-18、2027-05-19',
      '地点：北京农业展览馆',
      '北京市朝阳区东三环北路16号',
    ]);
  });

  (haveFont ? it : it.skip)(
    'is a PNG and a PDF with the CJK font',
    async () => {
      const png = ticketPng(ticket);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(5000);
      const pdf = await ticketPdf(ticket);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.toString('latin1')).toContain('NotoSansCJK');
      // A revoked ticket says so and has no code.
      expect(ticketPng({ ...ticket, status: 'revoked', token: undefined }).length).toBeGreaterThan(1000);
      // Loading the 20 MB CJK collection takes seconds on a busy CI machine.
    },
    60_000,
  );

  it('fails clearly when the font is missing', () => {
    expect(() => ticketPng(ticket, { path: '/nowhere/font.ttc', name: 'x' })).toThrow(TicketFontMissingError);
  });
});
