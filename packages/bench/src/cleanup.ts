type Cleanup = () => Promise<void> | void;

const cleanups: Cleanup[] = [];
let running: Promise<void> | null = null;

/** Registers something to undo; cleanups run last-registered first. */
export function onCleanup(cleanup: Cleanup): void {
  cleanups.push(cleanup);
}

/** Runs every cleanup once, even if some fail; safe to call again. */
export function cleanUp(): Promise<void> {
  running ??= (async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        process.stderr.write(`bench: cleanup failed: ${String(error)}\n`);
      }
    }
  })();
  return running;
}

/** Ctrl-C or a kill stops the run and everything it started, then exits non-zero. */
export function cleanUpOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal} received, stopping what was started\n`);
      cleanUp().finally(() => process.exit(130));
    });
  }
}
