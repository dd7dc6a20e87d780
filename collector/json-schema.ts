import { reportJsonSchema } from '../utils/protocol/report-schema';

/** Where the published schema lives beside the collector that serves it. */
export const REPORT_JSON_SCHEMA_PATH = new URL('./report-v1.schema.json', import.meta.url);

export function publishedReportSchema(): Record<string, unknown> {
  return {
    $id: 'https://blockwatch.invalid/schemas/report-v1.schema.json',
    title: 'Blockwatch signed report, protocol v1',
    ...reportJsonSchema(),
  };
}

export function reportJsonSchemaText(): string {
  return `${JSON.stringify(publishedReportSchema(), null, 2)}\n`;
}
