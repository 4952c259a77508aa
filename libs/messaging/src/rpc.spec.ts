import pino from 'pino';
import { AppError, TalentCommands } from '@qingshui/contracts';
import { handleCommand, type CommandContext } from './rpc';

const logger = pino({ level: 'silent' });
const principal = { userId: 'u1', username: 'u1', roles: ['expert' as const] };

describe('handleCommand', () => {
  it('validates the payload against the contract before calling the handler', async () => {
    let called = false;
    const reply = await handleCommand(
      TalentCommands.listExperts,
      { correlationId: 'c', principal, payload: { pageSize: 1000 } },
      logger,
      (async () => {
        called = true;
      }) as never,
    );
    expect(called).toBe(false);
    expect(reply).toMatchObject({
      ok: false,
      error: { status: 400, code: 'VALIDATION_FAILED', fields: [{ field: 'pageSize' }] },
    });
  });

  it('passes parsed payload and context, and replies with the data', async () => {
    const reply = await handleCommand(
      TalentCommands.getExpert,
      { correlationId: 'c-7', principal, payload: { id: 'e1' } },
      logger,
      (async (payload: { id: string }, ctx: CommandContext) => ({
        id: payload.id,
        by: ctx.principal.userId,
        corr: ctx.correlationId,
      })) as never,
    );
    expect(reply).toEqual({ ok: true, data: { id: 'e1', by: 'u1', corr: 'c-7' } });
  });

  it('does not carry out a command whose caller stopped waiting', async () => {
    let called = 0;
    const run = (deadline: number) =>
      handleCommand(
        TalentCommands.getExpert,
        { correlationId: 'c', principal, payload: { id: 'e1' }, deadline },
        logger,
        (async () => {
          called += 1;
          return 'done';
        }) as never,
      );
    expect(await run(Date.now() - 1)).toMatchObject({
      ok: false,
      error: { status: 503, code: 'DEPENDENCY_UNAVAILABLE' },
    });
    expect(called).toBe(0);
    expect(await run(Date.now() + 5000)).toEqual({ ok: true, data: 'done' });
    expect(called).toBe(1);
  });

  it('carries business errors and hides unexpected ones', async () => {
    const business = await handleCommand(
      TalentCommands.getExpert,
      { correlationId: 'c', principal, payload: { id: 'x' } },
      logger,
      async () => {
        throw AppError.notFound('No expert with id x');
      },
    );
    expect(business).toEqual({
      ok: false,
      error: { status: 404, code: 'NOT_FOUND', message: 'No expert with id x' },
    });

    const crash = await handleCommand(
      TalentCommands.getExpert,
      { correlationId: 'c', principal, payload: { id: 'x' } },
      logger,
      async () => {
        throw new Error('connection string mongodb://secret@db');
      },
    );
    expect(crash).toMatchObject({ ok: false, error: { status: 500, code: 'INTERNAL' } });
    expect(JSON.stringify(crash)).not.toContain('secret');
  });

  it('refuses a message without principal', async () => {
    const reply = await handleCommand(
      TalentCommands.getExpert,
      { payload: { id: 'x' } },
      logger,
      (async () => 1) as never,
    );
    expect(reply).toMatchObject({ ok: false, error: { status: 400 } });
  });
});
