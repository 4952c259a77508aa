import 'reflect-metadata';
import { startGateway } from './bootstrap';

startGateway()
  .then(({ url }) => {
    process.stdout.write(`gateway ready: API ${url}/api/v1, docs ${url}/api/docs\n`);
  })
  .catch((error: unknown) => {
    console.error('gateway failed to start:', error);
    process.exit(1);
  });
