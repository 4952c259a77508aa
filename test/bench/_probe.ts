import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getToken, REPO_ROOT } from '@qingshui/testing';
import { api, startPlatform } from '../support/platform';
import type { OpenLoopResult } from './load.worker';

function runJob(job: unknown): Promise<OpenLoopResult> {
  const worker = new Worker(join(REPO_ROOT, 'scripts/run-ts.cjs'), {
    argv: [join(__dirname, 'load.worker.ts')],
    workerData: job,
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { ok: boolean; result: OpenLoopResult; error: string }) => {
      void worker.terminate();
      if (m.ok) resolve(m.result);
      else reject(new Error(m.error));
    });
    worker.once('error', reject);
  });
}
const pct = (a: number[], p: number) => {
  const s = [...a].sort((x, y) => x - y);
  return (s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? 0) / 1000;
};
async function main() {
  const platform = await startPlatform({
    gateways: 2,
    gateway: () => ({
      rateLimit: { points: 1_000_000, durationSeconds: 60, keyPrefix: `qs:rl:probe-${Date.now()}` },
    }),
  });
  const [a] = platform.gateways.map((g) => g.url) as [string];
  const t = await getToken('demo-expert');
  const r = await getToken('demo-enterprise');
  const c = await api(a, 'POST', '/api/v1/experts', {
    token: t,
    body: {
      name: '李森',
      institution: '北京林业大学',
      title: '教授',
      fields: ['agriculture'],
      skills: [],
      bio: '',
      region: 'haidian',
    },
  });
  const id = c.body.id;
  for (const rate of (process.argv[2] ?? '10,25,50,75').split(',').map(Number)) {
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    const res = await runJob({
      kind: 'open-loop',
      url: `${a}/api/v1/experts/${id}`,
      headers: { authorization: `Bearer ${r}` },
      rate,
      warmupMs: 1000,
      durationMs: 4000,
      maxSockets: 64,
      timeoutMs: 10000,
    });
    const cpu = process.cpuUsage(cpu0);
    const wall = Date.now() - t0;
    h.disable();
    console.log(
      `rate ${rate}: ok ${res.ok} err ${JSON.stringify(res.errors)} p50 ${pct(res.latenciesUs, 0.5)} p99 ${pct(res.latenciesUs, 0.99)} | main cpu ${(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(0)}% | loop delay p50 ${(h.percentile(50) / 1e6).toFixed(1)} p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms`,
    );
  }
  await platform.close();
  process.exit(0);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
