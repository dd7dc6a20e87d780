import { verdictExplainKey, verdictTitleKey } from '@/utils/ui-api/i18n';
import type { VerdictKind } from '@/utils/protocol/report-schema';
import { useI18n } from './I18nProvider';

export interface VerdictTextProps {
  kind: VerdictKind;
  /** Omitted where the page already says whether the probe confirmed it. */
  confirmed?: boolean;
}

/** A verdict in plain words: what happened, and how sure Blockwatch can be about it. */
export function VerdictText({ kind, confirmed }: VerdictTextProps) {
  const { t } = useI18n();
  return (
    <div class="verdict" data-kind={kind}>
      <p class="verdict-title">
        <strong>{t(verdictTitleKey(kind))}</strong>
      </p>
      <p class="verdict-explain">{t(verdictExplainKey(kind))}</p>
      {confirmed !== undefined && kind !== 'ok' && <p class="muted">{t(confirmed ? 'confirmed_yes' : 'confirmed_no')}</p>}
    </div>
  );
}
