/** The part of a pino logger the HTTP edge uses; pino itself satisfies it. */
export interface HttpLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
