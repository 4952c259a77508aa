import { benchTotals } from './investment-totals';
benchTotals().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
