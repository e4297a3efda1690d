export { createHttpApp, type HttpApp, type HttpAppDeps } from './app.js';
export { UNMATCHED_ROUTE } from './context.js';
export { DEFAULT_BODY_LIMIT_BYTES } from './json-body.js';
export type { HttpLogger } from './logger.js';
export { type MessageClasses, messageClassesFor } from './message-classes.js';
export {
  type HttpFailureCode,
  PROBLEMS,
  type ProblemCode,
  type ProblemKind,
  problemType,
} from './problems.js';
