import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { PATH_METADATA } from '@nestjs/common/constants';
import { parse } from 'yaml';
import { loadConfig } from '@foyer/core';
import { HealthController } from '../../../apps/api/src/ops/health.controller';
import {
  checkCompose,
  checkCrossReferences,
  checkDockerfile,
  checkKustomization,
  composeVariables,
  Doc,
  environmentOf,
  Expectations,
  FOYER_SERVICES,
  loadManifests,
  readEnvFile,
  REPO_ROOT,
  substitute,
  validateDocument,
  workloads,
} from './deployment-checks';

/**
 * The deployments, checked offline: no cluster and no Docker engine run here. Every manifest is
 * validated against its kind's schema (kubernetes-models) and the manifests, docker-compose.yml
 * and the Dockerfile are checked against each other and against Foyer's own configuration.
 */

/** The api's health routes, read from the controller itself rather than written down again. */
function healthPaths(): { livenessPath: string; readinessPath: string } {
  const base = Reflect.getMetadata(PATH_METADATA, HealthController) as string;
  const prototype = HealthController.prototype as unknown as Record<string, object>;
  const route = (method: string) => {
    const sub = Reflect.getMetadata(PATH_METADATA, prototype[method]) as string;
    return `/${[base, sub].filter((part) => part && part !== '/').join('/')}`;
  };
  return { livenessPath: route('live'), readinessPath: route('ready') };
}

const clone = <T>(value: T): T => structuredClone(value);
const find = (docs: Doc[], kind: string, name?: string): Doc => {
  const found = docs.find((doc) => doc.kind === kind && (!name || doc.metadata?.name === name));
  if (!found) throw new Error(`no ${kind} ${name ?? ''}`);
  return found;
};

describe('k8s/ manifests (validated offline)', () => {
  const manifests = loadManifests();
  const docs = manifests.map((manifest) => manifest.doc);
  const dockerfile = checkDockerfile(readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8'));
  const expected: Expectations = { ...healthPaths(), imageUserId: dockerfile.userId ?? -1 };

  it('reads the probe paths from the api itself', () => {
    expect(expected).toMatchObject({ livenessPath: '/health', readinessPath: '/health/ready' });
  });

  it('has every piece the hosted deployment needs', () => {
    const kinds = docs.map((doc) => `${doc.kind}/${doc.metadata?.name ?? ''}`).sort();
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Namespace/foyer',
        'ConfigMap/foyer-config',
        'Secret/foyer-secrets',
        'Deployment/foyer-api',
        'Deployment/foyer-worker',
        'Service/foyer-api',
        'Ingress/foyer',
        'Job/foyer-migrate',
        'HorizontalPodAutoscaler/foyer-api',
        'HorizontalPodAutoscaler/foyer-worker',
        'PodDisruptionBudget/foyer-api',
        'PodDisruptionBudget/foyer-worker',
        'Service/postgres',
        'Service/redis',
        'Service/minio',
        'Kustomization/',
      ]),
    );
  });

  it.each(
    manifests.map(
      (manifest) =>
        [
          `${manifest.file} ${manifest.doc.kind}/${manifest.doc.metadata?.name ?? ''}`,
          manifest.doc,
        ] as const,
    ),
  )('validates %s against the schema of its kind', (_label, doc) => {
    expect(validateDocument(doc)).toEqual([]);
  });

  it('hangs together: selectors, ports, probes, env, hosts, targets', () => {
    expect(checkCrossReferences(docs, expected)).toEqual([]);
  });

  it('applies every manifest but the Secret template through kustomization.yaml', () => {
    expect(checkKustomization()).toEqual([]);
  });

  it("gives the api, the worker and the migration an environment Foyer's own config accepts as hosted mode", () => {
    for (const workload of workloads(docs)) {
      for (const container of workload.containers) {
        const problems: string[] = [];
        const environment = environmentOf(container, docs, problems, container.name);
        expect(problems).toEqual([]);
        // The template's master key is a placeholder that must fail validation; a real one is put
        // in its place, as an operator would.
        expect(() => loadConfig(environment)).toThrow(/FOYER_MASTER_KEY/);
        const config = loadConfig({
          ...environment,
          FOYER_MASTER_KEY: randomBytes(32).toString('base64'),
        });
        expect({
          database: config.database.kind,
          queue: config.queue,
          storage: config.storage.kind,
          mail: config.mail.kind,
          secureCookies: config.secureCookies,
          trustProxy: config.trustProxy,
          baseDomain: config.baseDomain,
        }).toEqual({
          database: 'external',
          queue: { kind: 'bull', redisUrl: expect.any(String), prefix: '{foyer}' },
          storage: 's3',
          mail: 'smtp',
          secureCookies: true,
          trustProxy: true,
          baseDomain: 'foyer.example.org',
        });
      }
    }
  });

  describe('notices a broken manifest', () => {
    it('refuses an unknown kind, and a document its schema rejects', () => {
      expect(
        validateDocument({ apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w' } }),
      ).toEqual(['Widget/w: unknown kind example.org/v1/Widget']);
      const deployment = clone(find(docs, 'Deployment', 'foyer-api'));
      delete deployment.spec.selector;
      expect(validateDocument(deployment)).toEqual([expect.stringMatching(/selector/)]);
      const hpa = clone(find(docs, 'HorizontalPodAutoscaler', 'foyer-api'));
      hpa.spec.minReplicas = 'two';
      expect(validateDocument(hpa)).toEqual([expect.stringMatching(/minReplicas must be integer/)]);
      const ingress = clone(find(docs, 'Ingress'));
      ingress.spec.rules[0].http.paths[0].pathType = 'Sometimes';
      expect(validateDocument(ingress)).toEqual([expect.stringMatching(/pathType/)]);
    });

    const broken = (mutate: (copy: Doc[]) => void): string[] => {
      const copy = clone(docs);
      mutate(copy);
      return checkCrossReferences(copy, expected);
    };

    it('a Service whose selector matches no pods', () => {
      expect(
        broken((copy) => {
          find(copy, 'Service', 'foyer-api').spec.selector['app.kubernetes.io/component'] = 'apy';
        }),
      ).toEqual(['Service/foyer-api: its selector matches no pod template']);
    });

    it('a probe on the wrong path or port', () => {
      expect(
        broken((copy) => {
          const container = find(copy, 'Deployment', 'foyer-api').spec.template.spec.containers[0];
          container.readinessProbe.httpGet.path = '/healthz';
          container.livenessProbe.httpGet.port = 9090;
        }),
      ).toEqual([
        "foyer-api: livenessProbe port 9090 is not the app's PORT 8080",
        'foyer-api: readinessProbe checks /healthz, not /health/ready',
      ]);
    });

    it('an env var Foyer does not read, and a hosted variable missing', () => {
      const problems = broken((copy) => {
        const config = find(copy, 'ConfigMap');
        config.data.FOYER_PUBLIC_ADDRESS = config.data.FOYER_PUBLIC_URL;
        delete config.data.FOYER_PUBLIC_URL;
      });
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/FOYER_PUBLIC_ADDRESS is not a Foyer variable/),
          expect.stringMatching(/foyer-api container api: FOYER_PUBLIC_URL is not set/),
        ]),
      );
    });

    it('an autoscaler or a disruption budget aimed at nothing', () => {
      expect(
        broken((copy) => {
          find(copy, 'HorizontalPodAutoscaler', 'foyer-worker').spec.scaleTargetRef.name =
            'foyer-workers';
          find(copy, 'PodDisruptionBudget', 'foyer-api').spec.selector.matchLabels = {
            app: 'other',
          };
        }),
      ).toEqual([
        'HorizontalPodAutoscaler/foyer-worker: scaleTargetRef apps/v1/Deployment/foyer-workers is no Deployment here',
        'PodDisruptionBudget/foyer-api: its selector matches 0 Deployments, not 1',
        'Deployment/foyer-api: no PodDisruptionBudget',
        'Deployment/foyer-worker: no HorizontalPodAutoscaler',
      ]);
    });

    it('an Ingress without the wildcard, and a root file system left writable', () => {
      expect(
        broken((copy) => {
          const ingress = find(copy, 'Ingress');
          ingress.spec.rules = ingress.spec.rules.slice(0, 1);
          ingress.spec.tls[0].hosts = ['foyer.example.org'];
          const container = find(copy, 'Deployment', 'foyer-worker').spec.template.spec
            .containers[0];
          container.securityContext.readOnlyRootFilesystem = false;
        }),
      ).toEqual([
        'Deployment/foyer-worker container worker: root file system is writable',
        'Ingress/foyer: no rule for *.foyer.example.org',
        'Ingress/foyer: no TLS secret for *.foyer.example.org',
      ]);
    });

    it('the worker probing another file than the one it touches', () => {
      expect(
        broken((copy) => {
          const container = find(copy, 'Deployment', 'foyer-worker').spec.template.spec
            .containers[0];
          container.env[0].value = '/tmp/elsewhere';
        }),
      ).toEqual(['foyer-worker: the liveness probe does not check /tmp/elsewhere']);
    });
  });
});

describe('docker-compose.yml, .env.example and the Dockerfile (structure only)', () => {
  const composeText = readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
  const compose = parse(composeText, { merge: true }) as Doc;
  const envExample = readFileSync(path.join(REPO_ROOT, '.env.example'), 'utf8');

  it('has the hosted stack with its order of start and its healthchecks', () => {
    expect(checkCompose(compose, composeText, envExample)).toEqual([]);
  });

  it('builds a non-root image from node:20-bookworm-slim that serves by default', () => {
    const dockerfile = checkDockerfile(readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8'));
    expect(dockerfile).toEqual({ problems: [], userId: 10001 });
  });

  it("gives the Foyer services an environment Foyer's own config accepts as hosted mode", () => {
    const values = {
      ...readEnvFile(envExample),
      FOYER_MASTER_KEY: randomBytes(32).toString('base64'),
      POSTGRES_PASSWORD: 'a1',
      FOYER_DB_OWNER_PASSWORD: 'b2',
      FOYER_DB_APP_PASSWORD: 'c3',
      REDIS_PASSWORD: 'd4',
      MINIO_ROOT_PASSWORD: 'e5',
    };
    for (const name of Object.keys(FOYER_SERVICES)) {
      const environment = Object.fromEntries(
        Object.entries(compose.services[name].environment as Record<string, string>).map(
          ([key, value]) => [key, substitute(String(value), values)],
        ),
      );
      const config = loadConfig(environment);
      expect(config.database).toEqual({
        kind: 'external',
        ownerUrl: 'postgresql://foyer_owner:b2@postgres:5432/foyer',
        appUrl: 'postgresql://foyer_app:c3@postgres:5432/foyer',
      });
      expect(config.queue).toMatchObject({ kind: 'bull', redisUrl: 'redis://:d4@redis:6379' });
      expect(config.storage).toMatchObject({
        kind: 's3',
        endPoint: 'minio',
        port: 9000,
        useSSL: false,
      });
      expect(config.mail).toMatchObject({ kind: 'smtp', url: 'smtp://mailpit:1025' });
    }
  });

  it('creates the owner and the application role (no superuser, no BYPASSRLS) at first start', () => {
    const mount = (compose.services.postgres.volumes as string[]).find((volume) =>
      volume.endsWith(':/docker-entrypoint-initdb.d:ro'),
    );
    expect(mount).toBeDefined();
    const script = path.join(REPO_ROOT, mount!.split(':')[0], '10-foyer-roles.sh');
    expect(statSync(script).mode & 0o111).not.toBe(0);
    const sql = readFileSync(script, 'utf8');
    expect(sql).toMatch(/CREATE ROLE foyer_owner LOGIN/);
    expect(sql).toMatch(/CREATE ROLE foyer_app LOGIN NOSUPERUSER .*NOBYPASSRLS/);
    expect(sql).toMatch(/CREATE DATABASE foyer OWNER foyer_owner/);
    for (const variable of ['FOYER_DB_OWNER_PASSWORD', 'FOYER_DB_APP_PASSWORD']) {
      expect(sql).toContain(variable);
      expect(compose.services.postgres.environment).toHaveProperty(variable);
    }
  });

  describe('notices a broken compose file', () => {
    const broken = (mutate: (copy: Doc) => void, text = composeText, env = envExample) => {
      const copy = clone(compose);
      mutate(copy);
      return checkCompose(copy, text, env);
    };

    it('an api that starts before the migration finished, and a missing healthcheck', () => {
      expect(
        broken((copy) => {
          copy.services.api.depends_on.migrate.condition = 'service_started';
          delete copy.services.redis.healthcheck;
        }),
      ).toEqual([
        'api: must depend on migrate with condition service_completed_successfully',
        'api: waits for redis to be healthy, which has no healthcheck',
        'worker: waits for redis to be healthy, which has no healthcheck',
        'redis: no healthcheck',
      ]);
    });

    it('an env name Foyer does not read, a missing service, a variable not in .env.example', () => {
      expect(
        broken((copy) => {
          copy.services.worker.environment.FOYER_REDIS = copy.services.worker.environment.REDIS_URL;
          delete copy.services.worker.environment.REDIS_URL;
          delete copy.services.minio;
        }, `${composeText}\n# \${FOYER_UNDECLARED}`),
      ).toEqual(
        expect.arrayContaining([
          'no service minio',
          'worker: FOYER_REDIS is not a Foyer variable',
          'worker: REDIS_URL is not set (hosted mode needs it)',
          'api: depends on unknown service minio',
          '${FOYER_UNDECLARED} is used but not in .env.example',
        ]),
      );
    });

    it('reads every form of compose substitution', () => {
      // `$${E}` is compose's escape for a literal `${E}`: not a substitution.
      expect(composeVariables('${A} ${B:-x} ${C:?y} ${D-z} $${E}')).toEqual(['A', 'B', 'C', 'D']);
      expect(substitute('${A:-fallback}/${B:?no}', { B: 'b' })).toBe('fallback/b');
    });

    it('a Dockerfile that runs as root or from another base', () => {
      expect(
        checkDockerfile(
          'FROM node:22\nRUN npm install\nENTRYPOINT ["node", "bin/foyer.js"]\nCMD ["serve"]\n',
        ).problems,
      ).toEqual([
        'not a multi-stage build',
        'FROM node:22: not node:20-bookworm-slim',
        'no `npm ci`',
        'no `npm prune --omit=dev`',
        'the image runs as root, not a numeric non-root user',
      ]);
    });
  });
});
