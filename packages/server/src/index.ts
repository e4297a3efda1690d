export { runCli } from './cli.js';
export { type Config, ConfigError, loadConfig } from './config.js';
export { buildContainer, T } from './container.js';
export { createLogger, type Logger } from './logger.js';
export { resolveSecrets, type Secrets } from './secrets.js';
export { type RunningServer, serve } from './serve.js';
export { openStores, type Stores } from './stores.js';
