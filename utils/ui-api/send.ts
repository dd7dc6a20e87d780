/** Sends a typed message to the background from the extension's own pages. */
import { browser } from 'wxt/browser';
import type { MessageName, Payload, Responses, Result } from './messages';

export async function sendMessage<K extends MessageName>(name: K, payload: Payload<K>): Promise<Result<Responses[K]>> {
  try {
    const answer = (await browser.runtime.sendMessage({ blockwatch: name, payload })) as Result<Responses[K]> | undefined;
    return answer ?? { ok: false, error: 'Blockwatch did not answer.' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
