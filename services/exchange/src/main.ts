import 'reflect-metadata';
import { startExchange } from './bootstrap';

startExchange()
  .then(({ url }) => {
    process.stdout.write(`exchange service ready (health ${url}/health/ready)\n`);
  })
  .catch((error: unknown) => {
    console.error('exchange service failed to start:', error);
    process.exit(1);
  });
