import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { REPORT_JSON_SCHEMA_PATH, publishedReportSchema, reportJsonSchemaText } from '../../collector/json-schema';
import { VERDICT_KINDS } from '../../utils/protocol/report-schema';

describe('the published JSON Schema', () => {
  it('is the one the zod schema produces today (run `npm run schema` after changing it)', async () => {
    expect(await readFile(REPORT_JSON_SCHEMA_PATH, 'utf8')).toBe(reportJsonSchemaText());
  });

  it('carries the protocol constraints: every verdict kind, the note limit, no extra fields', () => {
    const schema = publishedReportSchema() as {
      properties: { report: { properties: Record<string, any>; additionalProperties: boolean; required: string[] } };
    };
    const report = schema.properties.report;
    expect(report.properties.verdict.properties.kind.enum).toEqual([...VERDICT_KINDS]);
    expect(report.properties.note.maxLength).toBe(500);
    expect(report.additionalProperties).toBe(false);
    expect(report.required).toEqual(
      expect.arrayContaining(['v', 'id', 'createdAt', 'url', 'host', 'trigger', 'verdict', 'evidence', 'client', 'publicKey']),
    );
    expect(report.required).not.toContain('note');
  });
});
