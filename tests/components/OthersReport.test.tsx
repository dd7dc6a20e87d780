// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OthersReport } from '../../components/OthersReport';
import { PopupView } from '../../components/PopupView';
import type { Result } from '../../utils/ui-api/messages';
import { renderWithI18n, type Locale } from '../support/i18n';
import { popupState, queued } from '../support/ui-fixtures';
import type { OthersStatus } from '../../utils/ui-api/views';

afterEach(cleanup);

function known(
  blocked: [networks: number, countries: string[], people: number],
  overrides: Partial<Extract<OthersStatus, { state: 'known' }>> = {},
): Result<OthersStatus> {
  return {
    ok: true,
    data: {
      state: 'known',
      host: 'example.kz',
      days: 1,
      minReporters: 3,
      blocked: { networks: blocked[0], countries: blocked[1], reporters: blocked[2] },
      downEverywhere: { networks: 0, reporters: 0 },
      outage: { networks: 0, reporters: 0 },
      statusUrl: 'https://collector.example.org/status/example.kz',
      ...overrides,
    },
  };
}

function show(answer: Result<OthersStatus>, { auto = true, mine = true, locale = 'en' as Locale } = {}) {
  const ask = vi.fn(async () => answer);
  renderWithI18n(<OthersReport ask={ask} auto={auto} mine={mine} />, locale);
  return ask;
}

const sentence = async () => (await screen.findAllByText(/./, { selector: '.others-sentence' })).map((p) => p.textContent);

describe('OthersReport', () => {
  it('on a site found blocked, asks at once and says on how many networks, where, and by how many people', async () => {
    const ask = show(known([3, ['KZ'], 14]));
    expect(await sentence()).toEqual(['Reported blocked on 3 networks in Kazakhstan by 14 people in the last day.']);
    expect(ask).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('link', { name: 'Details by network' }).getAttribute('href')).toBe(
      'https://collector.example.org/status/example.kz',
    );
  });

  it('uses the singular, several countries and the longer period as the answer says', async () => {
    show(known([1, ['KZ', 'RU'], 1], { days: 30 }));
    expect(await sentence()).toEqual(['Reported blocked on 1 network in Kazakhstan and Russia by 1 person in the last 30 days.']);
  });

  it('speaks Russian and Kazakh, with their plural forms', async () => {
    show(known([3, ['KZ'], 14]), { locale: 'ru' });
    expect(await sentence()).toEqual(['О блокировке за последние сутки сообщили 14 человек в 3 сетях (Казахстан).']);
    cleanup();
    show(known([21, ['KZ'], 22]), { locale: 'ru' });
    expect(await sentence()).toEqual(['О блокировке за последние сутки сообщили 22 человека в 21 сети (Казахстан).']);
    cleanup();
    show(known([2, ['KZ'], 5]), { locale: 'kk' });
    expect((await sentence())[0]).toMatch(/^Соңғы тәулікте бұғаттау туралы 5 адам хабарлады: 2 желіде \(Қазақстан\)\.$/);
  });

  it('says "so far only you" when nobody else reported it, and when others would show', async () => {
    show(known([0, [], 0]));
    expect(await sentence()).toEqual(['So far only you.']);
    expect(screen.getByText('Others’ reports show here once at least 3 people on one network report this site.')).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('tells a site down everywhere apart from blocking', async () => {
    show(known([0, [], 0], { downEverywhere: { networks: 2, reporters: 4 } }), { mine: false });
    expect(await sentence()).toEqual(['Others (4 people) found this site down everywhere, not only on their network.']);
  });

  it('asks only when the user asks, on a site not found blocked', async () => {
    const ask = show(known([0, [], 0]), { auto: false, mine: false });
    expect(ask).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Do others see it too?' }));
    expect(await sentence()).toEqual(['No one else has reported this site yet.']);
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it('says when the collector publishes nothing or cannot be asked, and stays silent without an endpoint', async () => {
    show({ ok: true, data: { state: 'unavailable', reason: 'not-offered' } });
    expect(await screen.findByText('Your collector does not publish what others report.')).toBeTruthy();
    cleanup();
    show({ ok: false, error: 'Blockwatch did not answer.' });
    expect(await screen.findByText('Could not ask the collector what others reported. Try again later.')).toBeTruthy();
    cleanup();
    show({ ok: true, data: { state: 'unavailable', reason: 'no-endpoint' } });
    await waitFor(() => expect(document.querySelector('.others')).toBeNull());
  });
});

describe('PopupView with others', () => {
  const base = {
    report: vi.fn(),
    lookup: vi.fn(async () => ({ ok: true as const, data: queued({ id: 'r1' }) })),
    historyUrl: 'h',
    optionsUrl: 'o',
  };

  it('asks on opening when the site was found blocked here', async () => {
    const others = vi.fn(async () => known([2, ['KZ'], 6]));
    const finding = {
      host: 'example.kz',
      kind: 'dns' as const,
      confirmed: true,
      trigger: 'auto' as const,
      at: 0,
      reportId: 'r0',
      status: 'sent' as const,
      sentAt: 0,
    };
    renderWithI18n(<PopupView {...base} load={async () => ({ ok: true, data: popupState({ finding }) })} others={others} />);
    expect(await sentence()).toEqual(['Reported blocked on 2 networks in Kazakhstan by 6 people in the last day.']);
  });

  it('waits for the user on a site found fine, and shows nothing without an endpoint', async () => {
    const others = vi.fn(async () => known([0, [], 0]));
    renderWithI18n(<PopupView {...base} load={async () => ({ ok: true, data: popupState() })} others={others} />);
    expect(await screen.findByRole('button', { name: 'Do others see it too?' })).toBeTruthy();
    expect(others).not.toHaveBeenCalled();
    cleanup();
    renderWithI18n(<PopupView {...base} load={async () => ({ ok: true, data: popupState({ endpointHost: null }) })} others={others} />);
    await screen.findByRole('heading', { level: 1 });
    expect(screen.queryByRole('button', { name: 'Do others see it too?' })).toBeNull();
  });
});
