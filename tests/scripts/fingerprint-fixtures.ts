/**
 * Small extracts in the datasets' own formats (OONI's CRLF tables, Censored Planet's JSON lines,
 * Citizen Lab's CSV with Python lists) for the generator's tests.
 */
const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

export const OONI_HTTP = crlf([
  'name,scope,other_names,location_found,pattern_type,pattern,confidence_no_fp,expected_countries,source,exp_url,notes',
  'ooni.gr_1,isp,,header.location,prefix,http://1.2.3.50/ups/no_access,5,"GR,ZZ",ooni,,',
  'ooni.xx_1,isp,,body,contains,"<h1>Blocked</h1>\r\n<p>By order</p>",10,RU,ooni,,',
  'ooni.in_6,prod,,body,contains,<title>Please Wait... | Cloudflare</title>,5,IN,ooni,,',
  'ooni.th_9,nat,,body,contains,<title>Tcsd.info</title>,5,TH,ooni,,',
  'ooni.zz_2,inst,,header.server,full,Barracuda/NGFirewall,5,ZZ,ooni,,',
  'cp.b_nat_ir_national_1,nat,,body,contains,10.10.34.35,5,,censored planet,,',
  'cp.b_nat_ru_rkn_location,nat,,header.location,prefix,http://blocklist.rkn.gov.ru/,5,,censored planet,,',
  'cp.b_nat_uk_redirect_302_satellite,nat,,header.location,prefix,http://uk.example/,5,,censored planet,,',
  'cp.c_isp_ko_skt,isp,,body,contains,cleanmobile01.nate.com,5,,censored planet,,',
  'cp.fp_x_fpru_nginx,fp,,body,contains,Thank you for using nginx,5,,censored planet,,',
  'cl.susp_blankhtml_3,isp,cp.fp_x_vbr,body,contains,<html><head></head><body><!-- vbe --></body></html>,5,,,,',
  'cl.prod_wirefilter,prod,,body,contains,Protected by WireFilter,10,,,,',
  'cl.injb_routerupdate,injb,,body,contains,/main/fwUpInfoBlock.htm,10,,,,',
]);

export const OONI_DNS = crlf([
  'name,scope,other_names,location_found,pattern_type,pattern,confidence_no_fp,expected_countries,source,exp_url,notes',
  'ooni.th_9,nat,cl.dns_nat_th_mdes_illegal,dns,full,125.26.170.3,10,TH,ooni,,',
  'cl.dns_br_localhost,vbw,,dns,full,127.0.0.1,10,,,,',
]);

export const CP_SIGNATURES = [
  '{"fingerprint":"b_nat_ir_national_1","pattern":"10\\\\.10\\\\.34\\\\.35"}',
  '{"fingerprint":"b_nat_ru_rkn","pattern":"http://blocklist\\\\.rkn\\\\.gov\\\\.ru/"}',
  '{"fingerprint":"b_nat_uk_redirect_302_satellite","pattern":"Location: http://uk\\\\.example/"}',
  '{"fingerprint":"e_unk_blk_10","pattern":"/css/block\\\\.css"}',
  '',
].join('\n');

export const CP_FALSE_POSITIVES = [
  '{"fingerprint":"x_fpru_nginx","pattern":"<p><em>Thank you for using nginx\\\\.</em></p>"}',
  '{"fingerprint":"x_vbr","pattern":"<html><head></head><body><!-- vbe --></body></html>"}',
].join('\n');

export const CL_HTTP = [
  'name,common_name,pattern,location_found,exp_url,confidence_no_fp,source,scope,expected_countries,notes',
  "susp_blankhtml_1,Blank HTML,<html><head></head><body></body></html>,body,,5,[],isp,['EG'],",
  'susp_blankhtml_3,Blank HTML,<html><head></head><body><!-- vbe --></body></html>,body,,5,[],isp,[],',
  `prod_wirefilter,WireFilter,Protected by WireFilter,header,,10,[],prod,"['SA', 'AE']",`,
  "injb_routerupdate,Router update,/main/fwUpInfoBlock.htm,body,,10,['https://example.org/'],injb,[],",
  '',
].join('\n');

export const CL_DNS = [
  'name,response,confidence_no_fp,exp_url,source,scope,expected_countries,notes',
  'dns_br_localhost,127.0.0.1,10,,[],br,[],"A localhost reply, by convention"',
  "dns_nat_th_mdes_illegal,125.26.170.3,10,,[],nat,['TH'],",
  '',
].join('\n');
