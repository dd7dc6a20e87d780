import { useEffect, useState } from 'preact/hooks';
import type { Result } from '@/utils/messaging';
import type { Settings } from '@/utils/settings';
import { checkEndpoint } from '@/utils/settings';

export interface EndpointFormProps {
  load: () => Promise<Result<Settings>>;
  /** null removes the endpoint: nothing is sent until a new one is saved. */
  save: (endpoint: string | null) => Promise<Result<Settings>>;
}

type Status = { tone: 'idle' } | { tone: 'error'; text: string } | { tone: 'saved'; text: string };

/** The collection endpoint: checked here for a quick answer, and again by the background. */
export function EndpointForm({ load, save }: EndpointFormProps) {
  const [value, setValue] = useState('');
  const [status, setStatus] = useState<Status>({ tone: 'idle' });
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void load().then((result) => {
      if (result.ok && result.data.endpoint) setValue(result.data.endpoint);
      if (!result.ok) setStatus({ tone: 'error', text: result.error });
    });
  }, [load]);

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (value.trim() === '') {
      setBusy(true);
      const result = await save(null);
      setBusy(false);
      setStatus(result.ok ? { tone: 'saved', text: 'Endpoint removed. Nothing will be sent until you save a new one.' } : { tone: 'error', text: result.error });
      return;
    }
    const checked = checkEndpoint(value);
    if (!checked.ok) {
      setStatus({ tone: 'error', text: checked.error });
      return;
    }
    setBusy(true);
    const result = await save(checked.value);
    setBusy(false);
    if (result.ok) {
      setValue(result.data.endpoint ?? '');
      setStatus({ tone: 'saved', text: 'Saved. Reports will be sent to this endpoint.' });
    } else {
      setStatus({ tone: 'error', text: result.error });
    }
  }

  const invalid = status.tone === 'error';
  return (
    <form onSubmit={onSubmit} noValidate>
      <label for="endpoint">Collection endpoint</label>
      <input
        id="endpoint"
        name="endpoint"
        type="url"
        inputMode="url"
        autoComplete="off"
        spellcheck={false}
        placeholder="https://collector.example.org"
        value={value}
        aria-invalid={invalid}
        aria-describedby="endpoint-status"
        onInput={(e) => {
          setValue((e.target as HTMLInputElement).value);
          if (status.tone !== 'idle') setStatus({ tone: 'idle' });
        }}
      />
      <button type="submit" disabled={busy}>
        Save
      </button>
      <p id="endpoint-status" role={invalid ? 'alert' : 'status'} class={`status ${status.tone}`}>
        {status.tone === 'idle' ? '' : status.text}
      </p>
    </form>
  );
}
