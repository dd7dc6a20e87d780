import { describe, expect, it } from 'vitest';
import type { FingerprintRow } from '../../utils/blockpage/fingerprint-types';
import { normaliseCountries } from '../../scripts/fingerprints/countries';
import { literalText, parseSignatureLines } from '../../scripts/fingerprints/read-censoredplanet';
import { parseAnnotations } from '../../scripts/fingerprints/read-citizenlab';
import { parseOoniTable } from '../../scripts/fingerprints/read-ooni';
import { censoredPlanetNames, reconcile } from '../../scripts/fingerprints/reconcile';
import { buildRows, confidenceFor, countryFromName, onCdnChallengePage, type Inputs } from '../../scripts/fingerprints/rules';
import { CL_DNS, CL_HTTP, CP_FALSE_POSITIVES, CP_SIGNATURES, OONI_DNS, OONI_HTTP } from './fingerprint-fixtures';

const inputs = (): Inputs => ({
  ooni: [...parseOoniTable(OONI_HTTP, 'http'), ...parseOoniTable(OONI_DNS, 'dns')],
  censoredPlanet: [...parseSignatureLines(CP_SIGNATURES, false), ...parseSignatureLines(CP_FALSE_POSITIVES, true)],
  citizenLab: [...parseAnnotations(CL_HTTP, 'http'), ...parseAnnotations(CL_DNS, 'dns')],
});

const byId = (rows: FingerprintRow[]) => new Map(rows.map((r) => [r[0], r]));

describe('reading the datasets', () => {
  it('reads OONI tables, with CRLF line ends taken out of multi-line patterns', () => {
    const [gr, blocked] = parseOoniTable(OONI_HTTP, 'http');
    expect(gr).toMatchObject({
      name: 'ooni.gr_1',
      location: 'header.location',
      patternType: 'prefix',
      countries: ['GR', 'ZZ'],
      confidenceNoFp: 5,
    });
    expect(blocked!.pattern).toBe('<h1>Blocked</h1>\n<p>By order</p>');
    expect(parseOoniTable(OONI_DNS, 'dns')[0]).toMatchObject({ table: 'dns', otherNames: ['cl.dns_nat_th_mdes_illegal'] });
  });

  it('refuses an OONI table whose columns changed', () => {
    expect(() => parseOoniTable('name,scope,pattern\nooni.a_0,nat,x\n', 'http')).toThrow(/location_found/);
  });

  it("reads Censored Planet's JSON lines and Citizen Lab's Python-list cells", () => {
    expect(parseSignatureLines(CP_FALSE_POSITIVES, true)[1]).toEqual({
      name: 'x_vbr',
      pattern: '<html><head></head><body><!-- vbe --></body></html>',
      falsePositive: true,
    });
    expect(() => parseSignatureLines('{"name":"x"}', false)).toThrow(/line 1/);
    const [, , wirefilter, injb] = parseAnnotations(CL_HTTP, 'http');
    expect(wirefilter).toMatchObject({ name: 'prod_wirefilter', countries: ['SA', 'AE'], scope: 'prod' });
    expect(injb!.countries).toEqual([]);
    expect(parseAnnotations(CL_DNS, 'dns')[0]).toMatchObject({ pattern: '127.0.0.1', scope: 'br', countries: [] });
  });

  it('turns literal Censored Planet expressions into the text the table records', () => {
    expect(literalText('fortinet\\.net')).toBe('fortinet.net');
    expect(literalText('Location: http://blocked\\.pstu\\.ru')).toBe('http://blocked.pstu.ru');
    expect(literalText('Server: Barracuda/NGFirewall')).toBe('Barracuda/NGFirewall');
    expect(literalText('Hello .orld')).toBeNull();
    expect(literalText('<title>A</title>*src')).toBeNull();
    expect(literalText('code\\d+')).toBeNull();
  });
});

describe('the rules', () => {
  const outcome = buildRows(inputs());
  const rows = byId(outcome.rows);

  it('leaves out what a dataset scopes or lists as a false positive', () => {
    expect(outcome.dropped).toEqual([
      { id: 'cp.fp_x_fpru_nginx', reason: "scoped as a false positive by OONI's table" },
      { id: 'cl.susp_blankhtml_3', reason: "pattern listed in Censored Planet's false positives" },
    ]);
    expect(rows.has('cp.fp_x_fpru_nginx')).toBe(false);
    expect(rows.has('cl.susp_blankhtml_3')).toBe(false);
  });

  it("demotes a pattern that a CDN's challenge page carries to vague words", () => {
    expect(outcome.demoted).toEqual(['ooni.in_6']);
    expect(rows.get('ooni.in_6')).toEqual([
      'ooni.in_6',
      'body',
      '',
      'contains',
      '<title>Please Wait... | Cloudflare</title>',
      'IN',
      'ooni',
      0.4,
      'vbw',
    ]);
    expect(onCdnChallengePage('body', 'contains', '<title>Tcsd.info</title>')).toBe(false);
    expect(onCdnChallengePage('header', 'contains', 'Cloudflare')).toBe(false);
    expect(onCdnChallengePage('body', 'regexp', 'Just a moment\\.\\.\\.')).toBe(true);
  });

  it('suffixes .dns to the DNS row of a name in both tables, and to no other', () => {
    expect(rows.get('ooni.th_9')).toEqual(['ooni.th_9', 'body', '', 'contains', '<title>Tcsd.info</title>', 'TH', 'ooni', 0.9, 'nat']);
    expect(rows.get('ooni.th_9.dns')).toEqual(['ooni.th_9.dns', 'dns', '', 'full', '125.26.170.3', 'TH', 'ooni', 1, 'nat']);
    expect(rows.has('cl.dns_br_localhost.dns')).toBe(false);
    expect(rows.get('cl.dns_br_localhost')).toEqual(['cl.dns_br_localhost', 'dns', '', 'full', '127.0.0.1', '', 'citizenlab', 0.4, 'vbw']);
  });

  it('keeps countries to ISO codes and completes them from Citizen Lab and Censored Planet names', () => {
    expect(rows.get('ooni.gr_1')![5]).toBe('GR');
    expect(rows.get('ooni.zz_2')![5]).toBe('');
    expect(rows.get('cl.prod_wirefilter')![5]).toBe('SA,AE');
    expect(rows.get('cp.b_nat_ir_national_1')![5]).toBe('IR');
    expect(rows.get('cp.b_nat_uk_redirect_302_satellite')![5]).toBe('GB');
    expect(rows.get('cp.c_isp_ko_skt')![5]).toBe('');
  });

  it('sets confidence by scope, 1 for a strong scope the dataset rates 10 of 10', () => {
    expect(rows.get('ooni.xx_1')!.slice(7)).toEqual([1, 'isp']);
    expect(rows.get('ooni.gr_1')!.slice(7)).toEqual([0.9, 'isp']);
    expect(rows.get('ooni.zz_2')!.slice(7)).toEqual([0.7, 'inst']);
    expect(rows.get('cl.prod_wirefilter')!.slice(7)).toEqual([1, 'prod']);
    expect(rows.get('cl.injb_routerupdate')!.slice(7)).toEqual([0.5, 'injb']);
    expect(confidenceFor('vbw', 10)).toBe(0.4);
    expect(confidenceFor('nat', 0)).toBe(0.9);
    expect(confidenceFor('someday', 10)).toBe(0.5);
  });

  it('names the header a header row is matched in, and keeps the tables’ order', () => {
    expect(rows.get('cp.b_nat_ru_rkn_location')!.slice(1, 4)).toEqual(['header', 'location', 'prefix']);
    expect(rows.get('ooni.zz_2')!.slice(1, 4)).toEqual(['header', 'server', 'full']);
    expect(outcome.rows.map((r) => r[0])).toEqual([
      'ooni.gr_1',
      'ooni.xx_1',
      'ooni.in_6',
      'ooni.th_9',
      'ooni.zz_2',
      'cp.b_nat_ir_national_1',
      'cp.b_nat_ru_rkn_location',
      'cp.b_nat_uk_redirect_302_satellite',
      'cp.c_isp_ko_skt',
      'cl.prod_wirefilter',
      'cl.injb_routerupdate',
      'ooni.th_9.dns',
      'cl.dns_br_localhost',
    ]);
  });

  it('warns about records it cannot place instead of guessing', () => {
    const odd = parseOoniTable(
      'name,scope,other_names,location_found,pattern_type,pattern,confidence_no_fp,expected_countries\n' +
        'xy.a_0,nat,,body,contains,a,5,\nooni.a_1,nat,,cookie,contains,b,5,\nooni.a_2,nat,,body,glob,c,5,\nooni.a_3,odd,,body,contains,d,5,\n',
      'http',
    );
    const result = buildRows({ ooni: odd, censoredPlanet: [], citizenLab: [] });
    expect(result.rows.map((r) => r[0])).toEqual(['ooni.a_3']);
    expect(result.warnings).toHaveLength(4);
    expect(() => buildRows({ ooni: [odd[3]!, odd[3]!], censoredPlanet: [], citizenLab: [] })).toThrow(/two records/);
  });

  it('derives a country only from the country part of a Censored Planet name', () => {
    expect(countryFromName('cp.f_gen_ua')).toBe('UA');
    expect(countryFromName('cp.c_isp_ic_stef')).toBe('');
    expect(countryFromName('cp.d_corp_cfe_mx')).toBe('');
    expect(countryFromName('cl.dns_br_1234')).toBe('');
    expect(countryFromName('ooni.ru_1')).toBe('');
    expect(normaliseCountries([' ru', 'RU', 'ZZ', 'xx', 'kz'])).toBe('RU,KZ');
  });
});

describe('reconciling the table with the datasets it names', () => {
  it('finds each cp./cl. record in its dataset, and each signature there in the table', () => {
    const { ooni, censoredPlanet, citizenLab } = inputs();
    expect(reconcile(ooni, censoredPlanet, citizenLab)).toEqual({
      unconfirmed: ['cp.c_isp_ko_skt'],
      unmerged: ['cp.e_unk_blk_10', 'cl.susp_blankhtml_1'],
    });
  });

  it("follows OONI's renaming of Censored Planet signatures", () => {
    expect(censoredPlanetNames('cp.c_isp_ru_taiget_body_2')).toContain('c_isp_ru_taiget');
    expect(censoredPlanetNames('cp.fp_x_maybeinject_ukraine_location')).toContain('x_maybeinject_ukraine');
    expect(censoredPlanetNames('cp.a_prod_fortinet_1')).toContain('a_prod_fortinet_1');
  });
});
