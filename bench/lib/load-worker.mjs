/**
 * The load generator of the benchmarks, run in its own process so its CPU is not counted as the server's.
 * argv[2]: JSON of autocannon options plus `warmupSeconds`. Prints `go` when the measured run starts, then one line
 * of JSON with the run's totals.
 */
import autocannon from 'autocannon';

const { warmupSeconds = 1, ...options } = JSON.parse(process.argv[2]);
const run = (extra) =>
  new Promise((resolve, reject) => autocannon({ ...options, ...extra }, (error, result) => (error ? reject(error) : resolve(result))));

if (warmupSeconds > 0) await run({ duration: warmupSeconds });
console.log('go');
const result = await run({});
console.log(
  JSON.stringify({
    requests: result.requests.total,
    seconds: result.duration,
    failures: result.non2xx + result.errors + result.timeouts,
    p99: result.latency.p99,
  }),
);
