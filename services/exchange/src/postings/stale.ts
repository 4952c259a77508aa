import { AppError } from '@qingshui/contracts';

/**
 * A stale-version 409 that says who saved the newer version and when (in `fields`: `updatedBy`,
 * `updatedAt`, `version`), so the console can show it before offering to reload and reapply.
 */
export async function staleWithWho<R>(
  run: () => Promise<R>,
  current: () => Promise<{ updatedBy: string; updatedByName?: string; updatedAt: Date; version: number }>,
  noun: string,
): Promise<R> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'STALE_VERSION') throw error;
    const doc = await current();
    const at = new Date(doc.updatedAt).toISOString();
    const who = doc.updatedByName ?? doc.updatedBy;
    throw new AppError(
      409,
      'STALE_VERSION',
      `The ${noun} was saved by ${who} at ${at} (version ${doc.version}); read it again`,
      [
        { field: 'updatedBy', message: who },
        { field: 'updatedAt', message: at },
        { field: 'version', message: String(doc.version) },
      ],
    );
  }
}
