import { redactUrl } from '../protocol/redact';
import type { ProbeResult } from '../confirm/probe';
import {
  ReportSchema,
  type Evidence,
  type PublicKeyJwk,
  type Report,
  type ReportNetwork,
  type SignedReport,
} from '../protocol/report-schema';
import { signReport } from '../protocol/signing';
import type { Verdict } from '../classify/1-probe-verdict';
import type { Suspicion } from '../storage/records';
import type { Settings } from '../storage/settings-rules';

export interface ClientInfo {
  version: string;
  browser: string;
}

/** Browser family and major version only: enough to read the evidence, too little to track. */
export function browserLabel(userAgent: string): string {
  const firefox = /Firefox\/(\d+)/.exec(userAgent);
  if (firefox) return `Firefox ${firefox[1]}`;
  const chrome = /Chrom(?:e|ium)\/(\d+)/.exec(userAgent);
  if (chrome) return `Chromium ${chrome[1]}`;
  return 'unknown';
}

export interface ReportInput {
  suspicion: Suspicion;
  verdict: Verdict;
  probe: ProbeResult;
  urlDetail: Settings['urlDetail'];
  publicKey: PublicKeyJwk;
  client: ClientInfo;
  id?: string;
  /** The network measured from, as the collector named it (or withheld); absent when not known. */
  network?: ReportNetwork;
}

export function buildReport(input: ReportInput): Report {
  const { suspicion, verdict, probe } = input;
  const evidence: Evidence = {
    probe: {
      ms: probe.ms,
      ...(probe.error !== undefined && { error: probe.error }),
      ...(probe.status !== undefined && { status: probe.status }),
      ...(probe.timedOut && { timedOut: true }),
    },
  };
  if (suspicion.navigationError) evidence.navigationError = suspicion.navigationError;
  if (suspicion.httpStatus) evidence.httpStatus = suspicion.httpStatus;
  if (verdict.blockpage) evidence.blockpage = verdict.blockpage;
  if (verdict.interception) evidence.interception = verdict.interception;
  Object.assign(evidence, verdict.evidence);
  const report: Report = {
    v: 1,
    id: input.id ?? crypto.randomUUID(),
    createdAt: new Date(suspicion.observedAt).toISOString(),
    url: redactUrl(suspicion.url, input.urlDetail),
    host: suspicion.host,
    trigger: suspicion.trigger,
    verdict: { kind: verdict.kind, confirmed: verdict.confirmed },
    evidence,
    client: { name: 'blockwatch', version: input.client.version, browser: input.client.browser },
    publicKey: input.publicKey,
    ...(suspicion.note ? { note: suspicion.note } : {}),
    ...(input.network && { network: input.network }),
  };
  return ReportSchema.parse(report);
}

export async function buildSignedReport(input: ReportInput, privateKey: CryptoKey): Promise<SignedReport> {
  const report = buildReport(input);
  return { report, signature: await signReport(report, privateKey) };
}
