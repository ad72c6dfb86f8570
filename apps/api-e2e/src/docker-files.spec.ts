import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { WORKSPACE } from './support/product';

// No Docker engine runs on our machines: these checks hold the Docker files to what users rely on.
interface ComposeService {
  image?: string;
  entrypoint?: string[];
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
}

describe('docker/', () => {
  const compose = parse(readFileSync(join(WORKSPACE, 'docker/docker-compose.yml'), 'utf8'), {
    merge: true,
  }) as {
    services: Record<string, ComposeService>;
  };
  const dockerfile = readFileSync(join(WORKSPACE, 'docker/api.Dockerfile'), 'utf8');

  it('composes postgres 16, redis 7, the api and a worker of the same image, each with a healthcheck', () => {
    const { postgres, redis, api, worker } = compose.services;
    expect(postgres.image).toMatch(/^postgres:16/);
    expect(redis.image).toMatch(/^redis:7/);
    expect(api.build).toEqual({ context: '..', dockerfile: 'docker/api.Dockerfile' });
    expect(worker.image).toBe(api.image);
    expect(worker.environment?.['SOUNDLINK_ROLE']).toBe('worker');
    for (const service of Object.values(compose.services)) expect(service.healthcheck?.test).toBeTruthy();
  });

  it('starts the api and the worker only once their dependencies are healthy, on the same database', () => {
    const { api, worker } = compose.services;
    for (const service of [api, worker]) {
      expect(service.depends_on?.['postgres']).toEqual({ condition: 'service_healthy' });
      expect(service.depends_on?.['redis']).toEqual({ condition: 'service_healthy' });
      expect(service.environment?.['DATABASE_URL']).toBe(api.environment?.['DATABASE_URL']);
    }
  });

  it('published default password: the monitoring Grafana has none and refuses to start until one is set', () => {
    const { grafana } = compose.services;
    expect(grafana.environment?.['GF_SECURITY_ADMIN_PASSWORD']).toBe('${GRAFANA_ADMIN_PASSWORD:-}');
    const [shell, flag, script] = grafana.entrypoint ?? [];
    expect([shell, flag]).toEqual(['/bin/sh', '-c']);
    // Compose turns $$ into $; the image's own entrypoint (/run.sh) is replaced by a marker.
    const command = script.replace(/\$\$/g, '$').replace('exec /run.sh', 'echo grafana-started');
    const run = (password: string) =>
      spawnSync('sh', ['-c', command], {
        env: { PATH: process.env['PATH'], GF_SECURITY_ADMIN_PASSWORD: password },
      });
    const refused = run('');
    expect(refused.status).toBe(1);
    expect(refused.stderr.toString()).toContain('Set GRAFANA_ADMIN_PASSWORD');
    expect(refused.stdout.toString()).not.toContain('grafana-started');
    const started = run('a-long-random-password');
    expect(started.status).toBe(0);
    expect(started.stdout.toString()).toContain('grafana-started');
  });

  it('builds a multi-stage image that runs as a non-root user with production dependencies only', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toMatch(/^CMD \["node", "api\/main.js"\]$/m);
  });
});
