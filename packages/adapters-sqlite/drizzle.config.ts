import { defineConfig } from 'drizzle-kit';

// Generates the committed SQL migrations from src/schema.ts; no database is needed for that.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/schema.ts',
  out: './drizzle',
});
