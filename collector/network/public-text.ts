/** The words of the public status pages in English, Russian and Kazakh. */
import type { VerdictKind } from '../../utils/protocol/report-schema';

export const PAGE_LANGUAGES = ['en', 'ru', 'kk'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

export interface PageText {
  languageName: string;
  indexTitle: string;
  indexIntro: string;
  lookUp: string;
  hostLabel: string;
  siteTitle: (host: string) => string;
  period: (days: number, from: string, to: string) => string;
  threshold: (min: number) => string;
  blockedHeading: string;
  blockedSummary: (networks: number, countries: string, people: number) => string;
  notBlockedHeading: string;
  notBlockedIntro: string;
  nothingYet: string;
  noSites: string;
  network: string;
  country: string;
  people: string;
  reports: string;
  networks: string;
  firstSeen: string;
  lastSeen: string;
  unknownNetwork: string;
  allSites: string;
  dataCredit: string;
  kinds: Record<VerdictKind, string>;
}

export const TEXT: Record<PageLanguage, PageText> = {
  en: {
    languageName: 'English',
    indexTitle: 'Where websites are blocked',
    indexIntro:
      'What people using Blockwatch reported to this collector in the last 30 days, site by site and network by network. No reporter is ever named.',
    lookUp: 'Show',
    hostLabel: 'Site (host name)',
    siteTitle: (host) => `Status of ${host}`,
    period: (days, from, to) => `Reports from the last ${days === 1 ? 'day' : `${days} days`}: ${from} to ${to} (UTC, to the hour).`,
    threshold: (min) => `A network is shown only once at least ${min} different people reported from it.`,
    blockedHeading: 'Blocked, by network',
    blockedSummary: (n, countries, people) =>
      `Reported blocked on ${n} ${n === 1 ? 'network' : 'networks'}${countries ? ` in ${countries}` : ''} by ${people} ${people === 1 ? 'person' : 'people'}.`,
    notBlockedHeading: 'Down everywhere, or the whole network down',
    notBlockedIntro:
      'These reports say the site failed from the collector too, or the whole network was unreachable: an outage, not blocking of this site.',
    nothingYet: 'No network has enough reports to show yet.',
    noSites: 'No site has enough reports to show yet.',
    network: 'Network',
    country: 'Country',
    people: 'People',
    reports: 'Reports',
    networks: 'Networks',
    firstSeen: 'First seen',
    lastSeen: 'Last seen',
    unknownNetwork: 'unknown network',
    allSites: 'All sites',
    dataCredit: 'Networks named with public data from RouteViews, DB-IP and the NRO (CC BY 4.0) and ip-location-db (CC0).',
    kinds: {
      dns: 'DNS',
      tcp_reset: 'connection reset',
      timeout: 'timeout',
      tls: 'TLS failure',
      tls_mitm: 'certificate substituted',
      blockpage: 'block page',
      unreachable: 'unreachable',
      down_everywhere: 'down everywhere',
      throttled: 'throttled',
      outage: 'network outage',
      ok: 'loaded normally',
    },
  },
  ru: {
    languageName: 'Русский',
    indexTitle: 'Где блокируют сайты',
    indexIntro:
      'Что пользователи Blockwatch сообщили этому сборщику за последние 30 дней — по сайтам и по сетям. Никто из сообщивших не называется.',
    lookUp: 'Показать',
    hostLabel: 'Сайт (имя хоста)',
    siteTitle: (host) => `Состояние ${host}`,
    period: (days, from, to) =>
      `Сообщения за ${days === 1 ? 'последние сутки' : `последние ${days} дней`}: с ${from} по ${to} (UTC, с точностью до часа).`,
    threshold: (min) => `Сеть показывается, только когда из неё сообщили не меньше ${min} разных людей.`,
    blockedHeading: 'Блокировка по сетям',
    blockedSummary: (n, countries, people) =>
      `О блокировке сообщили ${people} ${plural(people, 'человек', 'человека', 'человек')} в ${n} ${plural(n, 'сети', 'сетях', 'сетях')}${countries ? ` (${countries})` : ''}.`,
    notBlockedHeading: 'Недоступен отовсюду или недоступна вся сеть',
    notBlockedIntro: 'По этим сообщениям сайт не открывался и у сборщика, или не работала вся сеть: это сбой, а не блокировка сайта.',
    nothingYet: 'Пока ни по одной сети недостаточно сообщений, чтобы их показать.',
    noSites: 'Пока ни по одному сайту недостаточно сообщений, чтобы их показать.',
    network: 'Сеть',
    country: 'Страна',
    people: 'Людей',
    reports: 'Сообщения',
    networks: 'Сетей',
    firstSeen: 'Впервые',
    lastSeen: 'В последний раз',
    unknownNetwork: 'неизвестная сеть',
    allSites: 'Все сайты',
    dataCredit: 'Сети названы по открытым данным RouteViews, DB-IP и NRO (CC BY 4.0) и ip-location-db (CC0).',
    kinds: {
      dns: 'DNS',
      tcp_reset: 'сброс соединения',
      timeout: 'нет ответа',
      tls: 'сбой TLS',
      tls_mitm: 'подмена сертификата',
      blockpage: 'страница блокировки',
      unreachable: 'недоступен',
      down_everywhere: 'недоступен отовсюду',
      throttled: 'замедление',
      outage: 'отключение сети',
      ok: 'открылся нормально',
    },
  },
  kk: {
    languageName: 'Қазақша',
    indexTitle: 'Сайттар қай жерде бұғатталады',
    indexIntro:
      'Blockwatch пайдаланушылары соңғы 30 күнде осы жинаушыға не хабарлағаны — сайттар мен желілер бойынша. Хабарлаушылардың ешқайсысы аталмайды.',
    lookUp: 'Көрсету',
    hostLabel: 'Сайт (хост атауы)',
    siteTitle: (host) => `${host} күйі`,
    period: (days, from, to) =>
      `${days === 1 ? 'Соңғы тәуліктегі' : `Соңғы ${days} күндегі`} хабарламалар: ${from} – ${to} (UTC, сағатқа дейінгі дәлдікпен).`,
    threshold: (min) => `Желі одан кемінде ${min} түрлі адам хабарлағанда ғана көрсетіледі.`,
    blockedHeading: 'Желілер бойынша бұғаттау',
    blockedSummary: (n, countries, people) => `Бұғаттау туралы ${n} желіде${countries ? ` (${countries})` : ''} ${people} адам хабарлады.`,
    notBlockedHeading: 'Барлық жерде қолжетімсіз немесе бүкіл желі істемеген',
    notBlockedIntro: 'Бұл хабарламалар бойынша сайт жинаушыдан да ашылмаған немесе бүкіл желі істемеген: бұл сайтты бұғаттау емес, ақау.',
    nothingYet: 'Әзірге бірде-бір желі бойынша көрсетуге жеткілікті хабарлама жоқ.',
    noSites: 'Әзірге бірде-бір сайт бойынша көрсетуге жеткілікті хабарлама жоқ.',
    network: 'Желі',
    country: 'Ел',
    people: 'Адам',
    reports: 'Хабарламалар',
    networks: 'Желілер',
    firstSeen: 'Алғаш рет',
    lastSeen: 'Соңғы рет',
    unknownNetwork: 'белгісіз желі',
    allSites: 'Барлық сайттар',
    dataCredit: 'Желілер RouteViews, DB-IP және NRO (CC BY 4.0) мен ip-location-db (CC0) ашық деректері бойынша аталған.',
    kinds: {
      dns: 'DNS',
      tcp_reset: 'қосылым үзілді',
      timeout: 'жауап жоқ',
      tls: 'TLS ақауы',
      tls_mitm: 'сертификат ауыстырылған',
      blockpage: 'бұғаттау беті',
      unreachable: 'қолжетімсіз',
      down_everywhere: 'барлық жерде қолжетімсіз',
      throttled: 'баяулату',
      outage: 'желі ажыратылған',
      ok: 'қалыпты ашылды',
    },
  },
};

/** Russian plural forms: 1 сеть, 2 сети, 5 сетей (here in the case each sentence needs). */
function plural(n: number, one: string, few: string, many: string): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

/** `?lang=` first, then the browser's Accept-Language, then English. */
export function pageLanguage(requested: string | undefined, acceptLanguage: string | undefined): PageLanguage {
  const known = (tag: string) => PAGE_LANGUAGES.find((l) => tag.toLowerCase().split('-')[0] === l);
  if (requested) {
    const found = known(requested);
    if (found) return found;
  }
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = Number(/q=([\d.]+)/.exec(rest.join(';'))?.[1] ?? 1);
      return { tag, q: Number.isFinite(q) ? q : 0 };
    })
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const found = known(tag);
    if (found) return found;
  }
  return 'en';
}
