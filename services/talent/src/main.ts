import 'reflect-metadata';
import { startTalent } from './bootstrap';

startTalent()
  .then(({ url }) => {
    process.stdout.write(`talent service ready (health ${url}/health/ready)\n`);
  })
  .catch((error: unknown) => {
    console.error('talent service failed to start:', error);
    process.exit(1);
  });
