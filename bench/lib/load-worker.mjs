/**
 * The load generator of the benchmarks, run in its own process so its CPU is not counted as the server's.
 * argv[2]: JSON of autocannon options plus `warmupSeconds` and `uniqueIds`. Prints `go` when the measured run
 * starts, then one line of JSON with the run's totals.
 *
 * `uniqueIds: true` gives every request's JSON-RPC body a fresh `id` (the body's own id is replaced), as a real
 * client does: a session refuses an id already used by one of its requests still in flight (-32600), which many
 * connections sending one fixed id hit as soon as requests overlap (they do in Redis mode, where a call awaits Redis).
 */
import autocannon from 'autocannon';

const { warmupSeconds = 1, uniqueIds = false, ...options } = JSON.parse(process.argv[2]);
if (uniqueIds) {
  const message = JSON.parse(options.body);
  let next = 1;
  options.requests = [{ setupRequest: (request) => ({ ...request, body: JSON.stringify({ ...message, id: next++ }) }) }];
}
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
