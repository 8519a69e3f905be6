import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { EndpointSlice } from 'kubernetes-models/discovery.k8s.io/v1';
import { ENVIRONMENT_VARIABLE_NAMES } from '../../../libs/core/src/config/environment-variables';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const K8S_DIR = path.join(REPO_ROOT, 'k8s');

/** What hosted mode cannot run without, whatever else is set (README, "Hosted mode"). */
export const HOSTED_REQUIRED = [
  'DATABASE_URL',
  'DATABASE_APP_URL',
  'REDIS_URL',
  'S3_ENDPOINT',
  'S3_ACCESS_KEY',
  'S3_SECRET_KEY',
  'SMTP_URL',
  'FOYER_MASTER_KEY',
  'FOYER_PUBLIC_URL',
  'FOYER_BASE_DOMAIN',
] as const;

const FOYER_VARIABLES: ReadonlySet<string> = new Set(ENVIRONMENT_VARIABLE_NAMES);

/** A model class of kubernetes-models: construct it from a document, then `.validate()`. */
type ModelClass = new (data: never) => { validate(): void };

/** The kinds Foyer's manifests may use, by `apiVersion/kind`; anything else is refused. */
const MODELS: Readonly<Record<string, ModelClass>> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'batch/v1/CronJob': CronJob,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'discovery.k8s.io/v1/EndpointSlice': EndpointSlice,
};

/**
 * Loose shapes, enough to walk the documents (and to break them in tests); the models have
 * checked the real schema.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = Record<string, any>;

export interface ManifestDoc {
  file: string;
  doc: Doc;
}

export function readYamlDocuments(file: string): Doc[] {
  const documents = parseAllDocuments(readFileSync(file, 'utf8'), { merge: true });
  const list = Array.isArray(documents) ? documents : [documents];
  return list.map((document) => {
    if (document.errors.length > 0) {
      throw new Error(`${file}: ${document.errors.map((error) => error.message).join('; ')}`);
    }
    return document.toJS() as Doc;
  });
}

/** Every YAML document under k8s/, with the file it came from. */
export function loadManifests(directory = K8S_DIR): ManifestDoc[] {
  return readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .flatMap((name) =>
      readYamlDocuments(path.join(directory, name))
        .filter((doc) => doc !== null)
        .map((doc) => ({ file: name, doc })),
    );
}

const keyOf = (doc: Doc): string => `${doc.apiVersion}/${doc.kind}`;
const nameOf = (doc: Doc): string => `${doc.kind}/${doc.metadata?.name}`;

/** Validates one document against the schema of its kind; a kind Foyer does not use is refused. */
export function validateDocument(doc: Doc): string[] {
  if (doc.apiVersion === 'kustomize.config.k8s.io/v1beta1' && doc.kind === 'Kustomization') {
    return Array.isArray(doc.resources) ? [] : ['Kustomization: no resources'];
  }
  const Model = MODELS[keyOf(doc)];
  if (!Model) return [`${nameOf(doc)}: unknown kind ${keyOf(doc)}`];
  if (!doc.metadata?.name) return [`${keyOf(doc)}: no metadata.name`];
  try {
    new Model(doc as never).validate();
    return [];
  } catch (error) {
    return [`${nameOf(doc)}: ${(error as Error).message}`];
  }
}

interface Container {
  name: string;
  args?: string[];
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe?: Doc;
  readinessProbe?: Doc;
  startupProbe?: Doc;
  resources?: Doc;
  securityContext?: Doc;
}

export interface Workload {
  doc: Doc;
  podSpec: Doc;
  labels: Record<string, string>;
  containers: Container[];
}

/** Deployments and Jobs, with their pod spec. */
export function workloads(docs: Doc[]): Workload[] {
  return docs
    .filter((doc) => ['Deployment', 'StatefulSet', 'Job'].includes(doc.kind))
    .map((doc) => ({
      doc,
      podSpec: doc.spec?.template?.spec ?? {},
      labels: doc.spec?.template?.metadata?.labels ?? {},
      containers: (doc.spec?.template?.spec?.containers ?? []) as Container[],
    }));
}

const byName = (docs: Doc[], kind: string, name: string): Doc | undefined =>
  docs.find((doc) => doc.kind === kind && doc.metadata?.name === name);

function matches(selector: Record<string, string> | undefined, labels: Record<string, string>) {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

/**
 * The environment a container gets: its ConfigMaps and Secrets (envFrom) and its own `env`, in
 * Kubernetes' order (later wins). A reference to a ConfigMap or Secret that does not exist is a
 * problem; so is a key that is not a Foyer variable.
 */
export function environmentOf(
  container: Container,
  docs: Doc[],
  problems: string[],
  where: string,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const [kind, name] = source.configMapRef
      ? ['ConfigMap', source.configMapRef.name]
      : ['Secret', source.secretRef?.name ?? ''];
    const found = byName(docs, kind, name);
    if (!found) {
      problems.push(`${where}: envFrom ${kind} ${name} does not exist`);
      continue;
    }
    Object.assign(environment, found.data ?? {}, found.stringData ?? {});
  }
  for (const variable of container.env ?? []) {
    environment[variable.name] = variable.value ?? '(from a reference)';
  }
  for (const name of Object.keys(environment)) {
    if (!FOYER_VARIABLES.has(name)) {
      problems.push(`${where}: ${name} is not a Foyer variable (ENVIRONMENT_VARIABLE_NAMES)`);
    }
  }
  return environment;
}

function portNumber(container: Container, port: string | number | undefined): number | null {
  if (typeof port === 'number') {
    return container.ports?.some((declared) => declared.containerPort === port) ? port : null;
  }
  return container.ports?.find((declared) => declared.name === port)?.containerPort ?? null;
}

export interface Expectations {
  /** Paths of the api's health routes, read from its controller. */
  livenessPath: string;
  readinessPath: string;
  /** The Dockerfile's non-root user id. */
  imageUserId: number;
}

/**
 * Everything that must agree across the manifests: names, selectors, ports, probes, env, hosts.
 * Returns one line per problem; an empty list means the manifests hang together.
 */
export function checkCrossReferences(docs: Doc[], expected: Expectations): string[] {
  const problems: string[] = [];
  const namespaces = docs.filter((doc) => doc.kind === 'Namespace').map((doc) => doc.metadata.name);
  if (namespaces.length !== 1) problems.push(`expected one Namespace, found ${namespaces.length}`);
  for (const doc of docs) {
    if (['Namespace', 'Kustomization'].includes(doc.kind)) continue;
    if (doc.metadata?.namespace !== namespaces[0]) {
      problems.push(`${nameOf(doc)}: namespace ${doc.metadata?.namespace} is not ${namespaces[0]}`);
    }
  }

  const deployments = docs.filter((doc) => doc.kind === 'Deployment');
  const all = workloads(docs);
  for (const workload of all) {
    const where = nameOf(workload.doc);
    // A Job's selector is generated; a Deployment's is written, and must select its own pods.
    if (
      workload.doc.kind !== 'Job' &&
      !matches(workload.doc.spec?.selector?.matchLabels, workload.labels)
    ) {
      problems.push(`${where}: selector does not match its pod template's labels`);
    }
    const pod = workload.podSpec.securityContext ?? {};
    if (pod.runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is not true`);
    if (pod.runAsUser !== expected.imageUserId) {
      problems.push(
        `${where}: runAsUser ${pod.runAsUser} is not the image's ${expected.imageUserId}`,
      );
    }
    for (const container of workload.containers) {
      const at = `${where} container ${container.name}`;
      const security = container.securityContext ?? {};
      if (security.readOnlyRootFilesystem !== true)
        problems.push(`${at}: root file system is writable`);
      if (security.allowPrivilegeEscalation !== false)
        problems.push(`${at}: may escalate privileges`);
      if (!container.resources?.requests?.cpu || !container.resources?.requests?.memory) {
        problems.push(`${at}: no cpu and memory requests`);
      }
      if (!container.resources?.limits?.memory) problems.push(`${at}: no memory limit`);
      const environment = environmentOf(container, docs, problems, at);
      for (const name of HOSTED_REQUIRED) {
        if (!(name in environment))
          problems.push(`${at}: ${name} is not set (hosted mode needs it)`);
      }
    }
  }

  const api = byName(docs, 'Deployment', 'foyer-api');
  const worker = byName(docs, 'Deployment', 'foyer-worker');
  const migrate = docs.find((doc) => doc.kind === 'Job');
  if (!api) problems.push('no Deployment foyer-api');
  if (!worker) problems.push('no Deployment foyer-worker');
  if (!migrate) problems.push('no migrations Job');
  const commandOf = (doc: Doc | undefined) => doc?.spec?.template?.spec?.containers?.[0]?.args;
  if (api && JSON.stringify(commandOf(api)) !== '["serve"]')
    problems.push('foyer-api does not run `serve`');
  if (worker && JSON.stringify(commandOf(worker)) !== '["worker"]') {
    problems.push('foyer-worker does not run `worker`');
  }
  if (migrate) {
    if (JSON.stringify(commandOf(migrate)) !== '["db","migrate"]') {
      problems.push(`${nameOf(migrate)} does not run \`db migrate\``);
    }
    if (!['Never', 'OnFailure'].includes(migrate.spec?.template?.spec?.restartPolicy)) {
      problems.push(`${nameOf(migrate)}: restartPolicy must be Never or OnFailure`);
    }
  }

  if (api) {
    const container = api.spec.template.spec.containers[0] as Container;
    const environment = environmentOf(container, docs, [], 'api');
    const appPort = Number(environment.PORT ?? 8080);
    for (const [probe, path] of [
      ['livenessProbe', expected.livenessPath],
      ['readinessProbe', expected.readinessPath],
    ] as const) {
      const http = container[probe]?.httpGet;
      if (!http) {
        problems.push(`foyer-api: no ${probe} with httpGet`);
        continue;
      }
      if (http.path !== path) problems.push(`foyer-api: ${probe} checks ${http.path}, not ${path}`);
      const port = portNumber(container, http.port);
      if (port !== appPort) {
        problems.push(`foyer-api: ${probe} port ${http.port} is not the app's PORT ${appPort}`);
      }
    }
    const startup = container.startupProbe?.httpGet;
    if (startup && startup.path !== expected.livenessPath) {
      problems.push(`foyer-api: startupProbe checks ${startup.path}`);
    }
  }
  if (worker) {
    const container = worker.spec.template.spec.containers[0] as Container;
    const heartbeat = container.env?.find(
      (variable) => variable.name === 'FOYER_WORKER_HEARTBEAT_FILE',
    );
    const probe = (container.livenessProbe?.exec?.command ?? []).join(' ');
    if (!heartbeat?.value) problems.push('foyer-worker: FOYER_WORKER_HEARTBEAT_FILE is not set');
    else if (!probe.includes(heartbeat.value)) {
      problems.push(`foyer-worker: the liveness probe does not check ${heartbeat.value}`);
    }
  }

  // Services select pods that exist, on ports those pods declare.
  const services = docs.filter((doc) => doc.kind === 'Service');
  for (const service of services) {
    if (service.spec?.type === 'ExternalName' || !service.spec?.selector) continue;
    const targets = all.filter((workload) => matches(service.spec.selector, workload.labels));
    if (targets.length === 0) {
      problems.push(`${nameOf(service)}: its selector matches no pod template`);
      continue;
    }
    for (const port of service.spec.ports ?? []) {
      const target = port.targetPort ?? port.port;
      if (!targets.some((workload) => workload.containers.some((c) => portNumber(c, target)))) {
        problems.push(`${nameOf(service)}: targetPort ${target} is no container port of its pods`);
      }
    }
  }

  // The Ingress serves the base domain and its wildcard, over TLS, through an existing Service.
  const config = docs.find((doc) => doc.kind === 'ConfigMap');
  const baseDomain = config?.data?.FOYER_BASE_DOMAIN as string | undefined;
  const ingresses = docs.filter((doc) => doc.kind === 'Ingress');
  if (ingresses.length === 0) problems.push('no Ingress');
  for (const ingress of ingresses) {
    const hosts = (ingress.spec?.rules ?? []).map((rule: Doc) => rule.host);
    const tlsHosts = (ingress.spec?.tls ?? []).flatMap((tls: Doc) =>
      tls.secretName ? tls.hosts : [],
    );
    for (const host of [baseDomain, `*.${baseDomain}`]) {
      if (!hosts.includes(host)) problems.push(`${nameOf(ingress)}: no rule for ${host}`);
      if (!tlsHosts.includes(host)) problems.push(`${nameOf(ingress)}: no TLS secret for ${host}`);
    }
    for (const rule of ingress.spec?.rules ?? []) {
      for (const entry of rule.http?.paths ?? []) {
        const backend = entry.backend?.service;
        const service = backend && byName(docs, 'Service', backend.name);
        if (!service) {
          problems.push(`${nameOf(ingress)}: backend ${backend?.name} is no Service`);
          continue;
        }
        const ports = (service.spec?.ports ?? []) as { name?: string; port: number }[];
        const known = backend.port?.name
          ? ports.some((port) => port.name === backend.port.name)
          : ports.some((port) => port.port === backend.port?.number);
        if (!known)
          problems.push(
            `${nameOf(ingress)}: ${backend.name} has no port ${JSON.stringify(backend.port)}`,
          );
      }
    }
  }

  // Autoscalers and disruption budgets point at the two Deployments, and cover both.
  const hpas = docs.filter((doc) => doc.kind === 'HorizontalPodAutoscaler');
  for (const hpa of hpas) {
    const ref = hpa.spec?.scaleTargetRef ?? {};
    if (
      ref.kind !== 'Deployment' ||
      ref.apiVersion !== 'apps/v1' ||
      !byName(docs, 'Deployment', ref.name)
    ) {
      problems.push(
        `${nameOf(hpa)}: scaleTargetRef ${ref.apiVersion}/${ref.kind}/${ref.name} is no Deployment here`,
      );
    }
    if (!(hpa.spec?.minReplicas >= 1 && hpa.spec.minReplicas <= hpa.spec.maxReplicas)) {
      problems.push(`${nameOf(hpa)}: minReplicas must be between 1 and maxReplicas`);
    }
  }
  const pdbs = docs.filter((doc) => doc.kind === 'PodDisruptionBudget');
  for (const pdb of pdbs) {
    const covered = deployments.filter((deployment) =>
      matches(pdb.spec?.selector?.matchLabels, deployment.spec?.template?.metadata?.labels ?? {}),
    );
    if (covered.length !== 1) {
      problems.push(`${nameOf(pdb)}: its selector matches ${covered.length} Deployments, not 1`);
    }
  }
  for (const deployment of deployments) {
    const name = deployment.metadata.name;
    if (!hpas.some((hpa) => hpa.spec?.scaleTargetRef?.name === name)) {
      problems.push(`Deployment/${name}: no HorizontalPodAutoscaler`);
    }
    const labels = deployment.spec?.template?.metadata?.labels ?? {};
    if (!pdbs.some((pdb) => matches(pdb.spec?.selector?.matchLabels, labels))) {
      problems.push(`Deployment/${name}: no PodDisruptionBudget`);
    }
  }

  // PostgreSQL, Redis and MinIO are reached through Services of this namespace.
  const secret = docs.find((doc) => doc.kind === 'Secret');
  const endpoints: [string, string | undefined][] = [
    ['DATABASE_URL', secret?.stringData?.DATABASE_URL],
    ['DATABASE_APP_URL', secret?.stringData?.DATABASE_APP_URL],
    ['REDIS_URL', secret?.stringData?.REDIS_URL],
    ['S3_ENDPOINT', config?.data?.S3_ENDPOINT],
  ];
  for (const [variable, value] of endpoints) {
    if (!value) continue;
    const host = new URL(/^[a-z]+:\/\//i.test(value) ? value : `http://${value}`).hostname;
    const service = byName(docs, 'Service', host);
    if (!service) problems.push(`${variable} points at ${host}, which is no Service here`);
    else if (service.spec?.type !== 'ExternalName' && service.spec?.selector) {
      problems.push(`${variable} points at ${host}, which is not an external service`);
    }
  }
  return problems;
}

/** kustomization.yaml lists every manifest but itself and the Secret template, and no other. */
export function checkKustomization(directory = K8S_DIR): string[] {
  const [kustomization] = readYamlDocuments(path.join(directory, 'kustomization.yaml'));
  const listed = [...((kustomization.resources as string[]) ?? [])].sort();
  const files = readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .filter((name) => !['kustomization.yaml', 'secret.template.yaml'].includes(name))
    .sort();
  const problems: string[] = [];
  for (const file of files)
    if (!listed.includes(file)) problems.push(`${file} is not in kustomization.yaml`);
  for (const file of listed)
    if (!files.includes(file))
      problems.push(`kustomization.yaml lists ${file}, which does not exist`);
  if (listed.includes('secret.template.yaml'))
    problems.push('the Secret template must not be applied');
  return problems;
}

/** `${NAME}`, `${NAME:-default}`, `${NAME:?message}`: the names a compose file substitutes. */
export function composeVariables(text: string): string[] {
  return [
    ...new Set([...text.matchAll(/(?<!\$)\$\{([A-Z0-9_]+)(?::?[-?][^}]*)?\}/g)].map((m) => m[1])),
  ].sort();
}

/** Substitutes compose's `${…}` forms from `values` (then the inline default), as compose does. */
export function substitute(value: string, values: Record<string, string>): string {
  return value.replace(
    /(?<!\$)\$\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?\}/g,
    (_match, name: string, op?: string, rest?: string) => {
      if (values[name]) return values[name];
      return op && op.endsWith('-') ? (rest ?? '') : '';
    },
  );
}

/** The KEY=value lines of an env file. */
export function readEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]] = match[2];
  }
  return values;
}

export const FOYER_SERVICES = { api: ['serve'], worker: ['worker'], migrate: ['db', 'migrate'] };

/** The structure of docker-compose.yml: services, commands, env, dependencies, healthchecks. */
export function checkCompose(compose: Doc, composeText: string, envExample: string): string[] {
  const problems: string[] = [];
  const services = (compose.services ?? {}) as Record<string, Doc>;
  for (const name of ['postgres', 'redis', 'minio', 'migrate', 'api', 'worker']) {
    if (!services[name]) problems.push(`no service ${name}`);
  }
  for (const [name, command] of Object.entries(FOYER_SERVICES)) {
    const service = services[name];
    if (!service) continue;
    if (JSON.stringify(service.command) !== JSON.stringify(command)) {
      problems.push(
        `${name}: command is ${JSON.stringify(service.command)}, not ${JSON.stringify(command)}`,
      );
    }
    if (!service.build && !service.image) problems.push(`${name}: neither build nor image`);
    const environment = (service.environment ?? {}) as Record<string, string>;
    if (Array.isArray(service.environment)) problems.push(`${name}: give environment as a map`);
    for (const key of Object.keys(environment)) {
      if (!FOYER_VARIABLES.has(key)) problems.push(`${name}: ${key} is not a Foyer variable`);
    }
    for (const key of HOSTED_REQUIRED) {
      if (!(key in environment)) problems.push(`${name}: ${key} is not set (hosted mode needs it)`);
    }
  }
  const dependsOn = (name: string): Record<string, { condition?: string }> =>
    (services[name]?.depends_on ?? {}) as Record<string, { condition?: string }>;
  const requireDependency = (from: string, to: string, condition: string) => {
    if (dependsOn(from)[to]?.condition !== condition) {
      problems.push(`${from}: must depend on ${to} with condition ${condition}`);
    }
  };
  requireDependency('migrate', 'postgres', 'service_healthy');
  for (const name of ['api', 'worker']) {
    requireDependency(name, 'migrate', 'service_completed_successfully');
    requireDependency(name, 'redis', 'service_healthy');
    requireDependency(name, 'minio', 'service_healthy');
  }
  for (const [name, service] of Object.entries(services)) {
    for (const [dependency, { condition }] of Object.entries(dependsOn(name))) {
      if (!services[dependency]) problems.push(`${name}: depends on unknown service ${dependency}`);
      else if (condition === 'service_healthy' && !services[dependency].healthcheck) {
        problems.push(`${name}: waits for ${dependency} to be healthy, which has no healthcheck`);
      }
    }
    void service;
  }
  for (const name of ['postgres', 'redis', 'minio', 'api', 'worker']) {
    if (services[name] && !services[name].healthcheck?.test)
      problems.push(`${name}: no healthcheck`);
  }
  const apiCheck = JSON.stringify(services.api?.healthcheck?.test ?? '');
  if (!apiCheck.includes('/health')) problems.push('api: the healthcheck does not call /health');
  const workerFile = services.worker?.environment?.FOYER_WORKER_HEARTBEAT_FILE as
    string | undefined;
  if (
    !workerFile ||
    !JSON.stringify(services.worker?.healthcheck?.test ?? '').includes(workerFile)
  ) {
    problems.push('worker: the healthcheck does not check FOYER_WORKER_HEARTBEAT_FILE');
  }
  const declared = readEnvFile(envExample);
  for (const variable of composeVariables(composeText)) {
    if (!(variable in declared)) problems.push(`\${${variable}} is used but not in .env.example`);
  }
  return problems;
}

/** The Dockerfile: the base image, `npm ci` then prune, a non-root user, `serve` by default. */
export function checkDockerfile(text: string): { problems: string[]; userId: number | null } {
  const problems: string[] = [];
  const lines = text.split('\n').map((line) => line.trim());
  const froms = lines.filter((line) => /^FROM\s/i.test(line));
  if (froms.length < 2) problems.push('not a multi-stage build');
  for (const from of froms) {
    if (!/^FROM\s+node:20-bookworm-slim(\s|$)/i.test(from))
      problems.push(`${from}: not node:20-bookworm-slim`);
  }
  const runs = lines.filter((line) => /^RUN\s/i.test(line)).join('\n');
  if (!/\bnpm ci\b/.test(runs)) problems.push('no `npm ci`');
  if (!/\bnpm prune --omit=dev\b/.test(runs)) problems.push('no `npm prune --omit=dev`');
  const users = lines.filter((line) => /^USER\s/i.test(line));
  const last = users[users.length - 1]?.split(/\s+/)[1] ?? '';
  const userId = /^\d+/.test(last) ? Number(last.split(':')[0]) : null;
  if (userId === null || userId === 0)
    problems.push(`the image runs as ${last || 'root'}, not a numeric non-root user`);
  if (!lines.some((line) => line === 'ENTRYPOINT ["node", "bin/foyer.js"]')) {
    problems.push('ENTRYPOINT is not ["node", "bin/foyer.js"]');
  }
  if (!lines.some((line) => line === 'CMD ["serve"]')) problems.push('CMD is not ["serve"]');
  return { problems, userId };
}
