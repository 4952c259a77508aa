import 'reflect-metadata';
import { startStations } from './bootstrap';

startStations()
  .then(({ url }) => {
    process.stdout.write(`stations service ready (health ${url}/health/ready)\n`);
  })
  .catch((error: unknown) => {
    console.error('stations service failed to start:', error);
    process.exit(1);
  });
