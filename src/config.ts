/** Settings from the environment (documented in the README). */
export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  logLevel: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  secureCookies: boolean;
  /** Import the bundled Hiroshima Accord into an empty database on start. */
  seed: boolean;
}

/** Reads the configuration from environment variables, with defaults for the one-command start. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.ACCORD_DATA_DIR || './data',
    port: Number.isInteger(port) && port >= 0 && port < 65536 ? port : 3000,
    host: env.HOST || '127.0.0.1',
    logLevel: env.LOG_LEVEL || 'info',
    adminEmail: env.ACCORD_ADMIN_EMAIL || undefined,
    adminPassword: env.ACCORD_ADMIN_PASSWORD || undefined,
    secureCookies: env.ACCORD_SECURE_COOKIES === 'true',
    seed: env.ACCORD_SEED !== 'false',
  };
}
