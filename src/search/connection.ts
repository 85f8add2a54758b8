/**
 * Connecting to a cluster with the official client, loaded only when needed: both clients are optional
 * peer dependencies, so a user who never searches a cluster installs neither. Node-only.
 */
import { readFile } from "node:fs/promises";
import { type ClusterClient, ClusterError } from "./cluster.js";
import { type ElasticLikeClient, elasticCluster, isElasticLikeClient } from "./elastic-client.js";
import { isOpenSearchLikeClient, type OpenSearchLikeClient, openSearchCluster } from "./opensearch-client.js";
import { connectionSecrets, createRedactor, type Redactor } from "./redact.js";

export interface ClusterAuth {
  /** An Elasticsearch API key (the encoded `id:api_key` form Kibana shows). Sent as `Authorization: ApiKey …`. */
  readonly apiKey?: string;
  readonly username?: string;
  readonly password?: string;
}

export interface ConnectionOptions {
  /** An Elasticsearch or OpenSearch client you created (`new Client(…)`); used as is and not closed. */
  readonly client?: unknown;
  /** Cluster URL, e.g. `https://localhost:9200`, when no client is given. */
  readonly node?: string;
  readonly auth?: ClusterAuth;
  /** PEM text of the CA certificate that signed the cluster's certificate. */
  readonly ca?: string;
  /** A file holding that PEM text (read when connecting). */
  readonly caFile?: string;
  /** Connect with the OpenSearch client instead of the Elasticsearch one. */
  readonly opensearch?: boolean;
  /** Per-request timeout in ms. Default 30 s. */
  readonly requestTimeout?: number;
}

/** Environment variables read by `connectionFromEnv` (and by `kuery search`). */
export const CLUSTER_ENV = {
  url: "KUERY_ES_URL",
  apiKey: "KUERY_ES_API_KEY",
  username: "KUERY_ES_USERNAME",
  password: "KUERY_ES_PASSWORD",
  ca: "KUERY_ES_CA",
} as const;

/** Connection settings from `KUERY_ES_*` variables (the CA variable names a file). */
export function connectionFromEnv(env: Readonly<Record<string, string | undefined>>): ConnectionOptions {
  const pick = (name: string) => (env[name] === undefined || env[name] === "" ? undefined : env[name]);
  const apiKey = pick(CLUSTER_ENV.apiKey);
  const username = pick(CLUSTER_ENV.username);
  const password = pick(CLUSTER_ENV.password);
  const node = pick(CLUSTER_ENV.url);
  const caFile = pick(CLUSTER_ENV.ca);
  const auth: ClusterAuth = {
    ...(apiKey === undefined ? {} : { apiKey }),
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
  };
  return {
    ...(node === undefined ? {} : { node }),
    ...(Object.keys(auth).length > 0 ? { auth } : {}),
    ...(caFile === undefined ? {} : { caFile }),
  };
}

/** A redactor for every secret of these options, including credentials inside the node URL. */
export function redactorFor(options: ConnectionOptions): Redactor {
  const secrets = connectionSecrets(options.auth ?? {});
  if (options.node) {
    try {
      const url = new URL(options.node);
      if (url.password) secrets.push(decodeURIComponent(url.password), url.password);
    } catch {
      // Not a URL: the client will say so; there is nothing to redact from it.
    }
  }
  if (options.ca) secrets.push(options.ca.trim());
  return createRedactor(secrets);
}

export interface Connection {
  readonly cluster: ClusterClient;
  /** True when the client was created here (and must be closed after use). */
  readonly owned: boolean;
}

export async function connect(options: ConnectionOptions): Promise<Connection> {
  if (options.client !== undefined) return { cluster: wrapClient(options.client), owned: false };
  if (!options.node) {
    throw new ClusterError(
      `no cluster given: pass a client or a node URL (or set ${CLUSTER_ENV.url})`,
      undefined,
      undefined,
      "no cluster given",
      false,
    );
  }
  const auth = options.auth ?? {};
  if (auth.apiKey && (auth.username || auth.password)) {
    throw configError("give either an API key or a username and password, not both");
  }
  if ((auth.username === undefined) !== (auth.password === undefined)) {
    throw configError("basic authentication needs both a username and a password");
  }
  const ca = options.ca ?? (options.caFile ? await readCa(options.caFile) : undefined);
  return options.opensearch
    ? { cluster: openSearchCluster(await createOpenSearchClient(options, auth, ca)), owned: true }
    : { cluster: elasticCluster(await createElasticClient(options, auth, ca)), owned: true };
}

function wrapClient(client: unknown): ClusterClient {
  if (isElasticLikeClient(client)) return elasticCluster(client);
  if (isOpenSearchLikeClient(client)) return openSearchCluster(client);
  throw configError(
    "the client is neither an @elastic/elasticsearch nor an @opensearch-project/opensearch Client",
  );
}

function configError(reason: string): ClusterError {
  return new ClusterError(reason, undefined, undefined, reason, false);
}

async function readCa(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    // The path is the user's own; the file's content is never echoed.
    throw configError(`cannot read the CA file ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
}

/** Imports an optional peer dependency, or says exactly which package to install. */
export async function importOptional<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw configError(`searching a cluster needs the package ${name}: npm install ${name}`);
    }
    throw error;
  }
}

// Our own retry (retry.ts) decides about 429/5xx, so the clients must not retry on their own as well.
const CLIENT_RETRIES = 0;

async function createElasticClient(
  options: ConnectionOptions,
  auth: ClusterAuth,
  ca: string | undefined,
): Promise<ElasticLikeClient> {
  const { Client } = await importOptional<{ Client: new (options: object) => ElasticLikeClient }>(
    "@elastic/elasticsearch",
  );
  return new Client({
    node: options.node,
    maxRetries: CLIENT_RETRIES,
    requestTimeout: options.requestTimeout ?? 30_000,
    ...(auth.apiKey
      ? { auth: { apiKey: auth.apiKey } }
      : auth.username !== undefined
        ? { auth: { username: auth.username, password: auth.password } }
        : {}),
    ...(ca === undefined ? {} : { tls: { ca } }),
  });
}

async function createOpenSearchClient(
  options: ConnectionOptions,
  auth: ClusterAuth,
  ca: string | undefined,
): Promise<OpenSearchLikeClient> {
  const { Client } = await importOptional<{ Client: new (options: object) => OpenSearchLikeClient }>(
    "@opensearch-project/opensearch",
  );
  return new Client({
    node: options.node,
    maxRetries: CLIENT_RETRIES,
    requestTimeout: options.requestTimeout ?? 30_000,
    // OpenSearch has no API keys of its own; a key (e.g. for a proxy) goes in the same header.
    ...(auth.apiKey ? { headers: { authorization: `ApiKey ${auth.apiKey}` } } : {}),
    ...(auth.username !== undefined ? { auth: { username: auth.username, password: auth.password } } : {}),
    ...(ca === undefined ? {} : { ssl: { ca } }),
  });
}
