import 'reflect-metadata';
import { startFairs } from './bootstrap';

startFairs()
  .then(({ url }) => {
    process.stdout.write(`fairs service ready (health ${url}/health/ready)\n`);
  })
  .catch((error: unknown) => {
    console.error('fairs service failed to start:', error);
    process.exit(1);
  });
