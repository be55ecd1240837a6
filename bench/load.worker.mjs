/**
 * Generates load in its own process, so that the server's process measures only its own CPU: reads autocannon
 * options as JSON from argv[2], runs them, and prints the summary as one JSON line.
 */
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const result = await autocannon(options);
process.stdout.write(
  `${JSON.stringify({
    requests: result.requests.total,
    average: result.requests.average,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  })}\n`,
);
