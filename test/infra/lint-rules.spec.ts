import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '@qingshui/testing';

/** The lint rules that keep the architecture: pure decisions, and apps that import only libs. */
describe('lint rules of the architecture', () => {
  // ESLint loads its (ESM) config with a dynamic import, which Jest's VM cannot: lint in a child.
  const problems = async (file: string, code: string) => {
    const run = spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules/eslint/bin/eslint.js'),
        '--stdin',
        '--stdin-filename',
        file,
        '-f',
        'json',
      ],
      { cwd: REPO_ROOT, input: code, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } },
    );
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; message: string }[] }[];
    return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
  };

  it('refuses I/O, the clock and randomness in decision and rule files', async () => {
    const found = await problems(
      'services/stations/src/bookings/booking.decide.ts',
      [
        "import { randomUUID } from 'node:crypto';",
        "import { Model } from 'mongoose';",
        "import { Queue } from 'bullmq';",
        "import { Injectable } from '@nestjs/common';",
        "import { VersionedStore } from '@qingshui/persistence';",
        'export const a = [randomUUID, Model, Queue, Injectable, VersionedStore];',
        'export const b = () => [new Date(), Date.now(), Math.random()];',
        '',
      ].join('\n'),
    );
    expect(found.filter((p) => p.startsWith('@typescript-eslint/no-restricted-imports'))).toHaveLength(5);
    expect(found.filter((p) => p.startsWith('no-restricted-syntax'))).toHaveLength(3);
  }, 60_000);

  it('lets decision files import types, and take time and ids as given', async () => {
    const found = await problems(
      'services/stations/src/bookings/booking.decide.ts',
      [
        "import type { Decision, DecisionContext } from '@qingshui/persistence';",
        'export const decide = (at: DecisionContext): Decision<{ _id: string; version: number }, string> => ({',
        '  set: {},',
        '  reply: `${at.newId()} ${new Date(at.now.getTime() + 1000).toISOString()}`,',
        '});',
        '',
      ].join('\n'),
    );
    expect(found).toEqual([]);
  }, 60_000);

  it('refuses an import of one app from another', async () => {
    const found = await problems(
      'services/stations/src/x.ts',
      "import { startTalent } from '@qingshui/app-talent';\nexport const x = startTalent;\n",
    );
    expect(found.some((p) => p.startsWith('@nx/enforce-module-boundaries'))).toBe(true);
  }, 60_000);
});
