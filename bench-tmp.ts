import { benchDuplicates } from './test/bench/investment-duplicates';
benchDuplicates().then(() => console.log('exit', process.exitCode ?? 0));
