import { existsSync } from 'node:fs';
import { StreamableFile } from '@nestjs/common';
import type { Request } from 'express';
import { AppError, type Principal, type TicketView } from '@qingshui/contracts';
import type { Commands } from '../common/command-bus.provider';
import { TicketFilesController } from './ticket-files.controller';
import { DEFAULT_TICKET_FONT } from './ticket-render';

const ticket: TicketView = {
  id: 'tAbC',
  fairId: 'fair-1',
  fairTitle: '2027 淅川农产品北京推介会',
  venue: { name: '北京农业展览馆', address: '北京市朝阳区东三环北路16号' },
  registrationId: 'fair-1:u-1',
  typeId: 'public',
  typeName: '普通观众',
  kind: 'public',
  days: ['2027-05-18'],
  holder: { userId: 'u-1', name: '王芳' },
  leadConsent: false,
  status: 'valid',
  version: 1,
  issuedAt: '2026-12-01T08:00:00.000Z',
  token: 'QS1.e30.c2ln',
};
const principal: Principal = { userId: 'u-1', username: 'u', roles: ['expert'] };
const req = { headers: {} } as Request;

describe('the ticket files', () => {
  it('read the ticket as the caller through the command bus, and refuse an id that is no id', async () => {
    const calls: unknown[][] = [];
    const commands = {
      request: async (...args: unknown[]) => {
        calls.push(args);
        if ((args[2] as { id: string }).id === 'missing') throw AppError.notFound('No ticket missing');
        return ticket;
      },
    } as unknown as Commands;
    const controller = new TicketFilesController(commands);
    if (existsSync(DEFAULT_TICKET_FONT.path)) {
      const png = await controller.png('tAbC', principal, req);
      expect(png).toBeInstanceOf(StreamableFile);
      expect(png.getHeaders().type).toBe('image/png');
      expect(String(png.getHeaders().disposition)).toContain("filename*=UTF-8''");
    }
    expect(calls[0]?.slice(0, 3)).toEqual(['fairs.tickets.get.v1', principal, { id: 'tAbC' }]);
    await expect(controller.pdf('missing', principal, req)).rejects.toMatchObject({ status: 404 });
    await expect(controller.pdf('../etc', principal, req)).rejects.toMatchObject({ status: 400 });
  });
});
