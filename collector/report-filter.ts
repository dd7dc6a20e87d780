/** Which stored reports a read asks for: shared by the store and its network queries. */
export interface ReportFilter {
  /** Reports created at or after this instant. */
  since?: string | Date;
  /** Reports created before this instant. */
  until?: string | Date;
  host?: string;
  kind?: string;
  /** The network a report counts on: its own, else the one it was delivered from. */
  asn?: number;
  cc?: string;
}
