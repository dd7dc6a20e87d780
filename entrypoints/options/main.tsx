import { render } from 'preact';
import { EndpointForm } from '@/components/EndpointForm';
import { sendMessage } from '@/utils/messaging';

const load = () => sendMessage('getSettings', {});
const save = (endpoint: string | null) => sendMessage('saveSettings', { endpoint });

render(
  <>
    <h1>Blockwatch</h1>
    <p>Reports are sent only to the collection endpoint you choose here. Nothing is sent before you set one.</p>
    <EndpointForm load={load} save={save} />
  </>,
  document.getElementById('app')!,
);
