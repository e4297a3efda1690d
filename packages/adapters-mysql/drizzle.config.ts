import { defineConfig } from 'drizzle-kit';

// Generating migrations reads only the schema; no database is contacted.
export default defineConfig({
  dialect: 'mysql',
  schema: './src/schema.ts',
  out: './drizzle',
});
