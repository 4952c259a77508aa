// Run by the integration tests' global setup, in a process of its own (Jest's global setup runs
// outside its module mapping, so it cannot load the platform's libraries): drops the test
// environments that killed runs left behind.
import { sweepStaleTestEnvironments } from './environments';

sweepStaleTestEnvironments()
  .then((swept) => {
    if (swept.length > 0) console.warn(`dropped ${swept.length} stale test environments`);
  })
  .catch((error: unknown) => {
    // Housekeeping only: a run must not fail because old leftovers could not be dropped.
    console.warn(`stale test environments not dropped: ${String(error)}`);
  });
