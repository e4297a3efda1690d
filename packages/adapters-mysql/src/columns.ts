import { customType } from 'drizzle-orm/mysql-core';

/**
 * Raw bytes. Drizzle's own binary/varbinary columns hand back strings, which mangles bytes
 * at or above 0x80; this column keeps them as a Buffer both ways.
 */
export const bytes = customType<{ data: Buffer; driverData: Buffer; config: { type: string } }>({
  dataType: (config) => config?.type ?? 'varbinary(255)',
  toDriver: (value) => value,
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array)),
});

/**
 * A string of ASCII compared byte for byte, whatever the server's default character set:
 * topics are case-sensitive (`News` is not `news`) and every other text we store is ASCII.
 */
export const asciiText = customType<{
  data: string;
  driverData: string;
  config: { length: number };
}>({
  dataType: (config) => `varchar(${config?.length ?? 255}) CHARACTER SET ascii COLLATE ascii_bin`,
});

/** A list of words stored as one comma-separated ASCII string (no JSON: MariaDB's is text). */
export const wordList = customType<{
  data: string[];
  driverData: string;
  config: { length: number };
}>({
  dataType: (config) => `varchar(${config?.length ?? 255}) CHARACTER SET ascii COLLATE ascii_bin`,
  toDriver: (value) => value.join(','),
  fromDriver: (value) => (value === '' ? [] : value.split(',')),
});
