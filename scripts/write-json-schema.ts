/** Writes the published JSON Schema of a signed report from the zod schema, its one source. */
import { writeFile } from 'node:fs/promises';
import { reportJsonSchemaText, REPORT_JSON_SCHEMA_PATH } from '../collector/json-schema';

await writeFile(REPORT_JSON_SCHEMA_PATH, reportJsonSchemaText());
console.log(`wrote ${REPORT_JSON_SCHEMA_PATH.pathname}`);
