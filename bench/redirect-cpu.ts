/**
 * Compares builds of the product on the redirect by the API process's own CPU time per request, which drifts
 * far less than requests/s on a shared machine (other guests, other processes on the same two cores):
 *
 *   BENCH_BUILDS=before=.bench-tmp/old/apps/api/main.js,after=dist/apps/api/main.js \
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
 *   SWC_NODE_PROJECT=bench/tsconfig.json node -r @swc-node/register bench/redirect-cpu.ts
 *
 * Each build runs on a database of its own, side by side; BENCH_ROUNDS (default 6) rounds of BENCH_DURATION_S
 * (default 8) seconds each, alternating which build goes first. The builds must lie inside the workspace
 * (their node_modules are found from there). Prints req/s, p99 and µs of CPU (user + system) per request.
 */
import { readFileSync } from 'node:fs';
import { BenchProduct, load, median, startProductWithLink } from './load';
import { BenchDatabase, startDatabase } from './support';

const DURATION_S = Number(process.env['BENCH_DURATION_S'] ?? 8);
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 6));

/** utime + stime of a process, in clock ticks (1/100 s). */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function main(): Promise<void> {
  const builds = (process.env['BENCH_BUILDS'] ?? '')
    .split(',')
    .map((entry) => entry.split('=') as [string, string]);
  if (builds.length < 2 || builds.some(([name, main]) => !name || !main)) {
    throw new Error('BENCH_BUILDS=name=path/to/main.js,name=path/to/main.js');
  }
  const running: Array<{ name: string; database: BenchDatabase; product: BenchProduct; cpu: number[] }> = [];
  try {
    for (const [name, main] of builds) {
      const database = await startDatabase();
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // database names are made of the time
      running.push({ name, database, product: await startProductWithLink(database.url, [], main), cpu: [] });
      await load(running.at(-1)!.product.target, 2); // warm-up
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? [...running].reverse() : running;
      for (const build of order) {
        const before = cpuTicks(build.product.pid);
        const result = await load(build.product.target, DURATION_S);
        const perRequest = ((cpuTicks(build.product.pid) - before) * 10_000) / (result.rps * DURATION_S);
        build.cpu.push(perRequest);
        process.stdout.write(
          `${build.name.padEnd(8)} round ${round + 1}: ${Math.round(result.rps).toLocaleString('en-US').padStart(7)} req/s  p99 ${result.p99ms.toFixed(2).padStart(6)} ms  CPU ${perRequest.toFixed(1)} µs/request  steal ${Math.round(result.steal * 100)} %\n`,
        );
      }
    }
    for (const build of running) {
      process.stdout.write(`${build.name}: median ${median(build.cpu).toFixed(1)} µs of CPU per request\n`);
    }
  } finally {
    for (const build of running) {
      await build.product.stop();
      await build.database.stop();
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
