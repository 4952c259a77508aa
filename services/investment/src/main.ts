import 'reflect-metadata';
import { startInvestment } from './bootstrap';

startInvestment()
  .then(({ url }) => {
    process.stdout.write(`investment service ready (health ${url}/health/ready)\n`);
  })
  .catch((error: unknown) => {
    console.error('investment service failed to start:', error);
    process.exit(1);
  });
