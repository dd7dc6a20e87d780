/**
 * Which way dependencies may run. The extension's subsystems are layered in the order of the data
 * flow; each may import only from the layers before it. `npm run lint:deps` checks it in CI.
 */
const LAYERS = ['protocol', 'storage', 'observe', 'confirm', 'blockpage', 'classify', 'report', 'queue', 'submit', 'ui-api', 'pipeline'];

/** Modules components may run: no browser API, no storage. */
const PURE_FOR_COMPONENTS = '^utils/(protocol/|storage/settings-rules\\.ts|ui-api/(i18n|views)\\.ts)';
/** What the content script may bundle. */
const CONTENT_SCRIPT_MODULES =
  '^utils/(blockpage/(scan|limits|vocabulary|page-status|page-hosts|precheck|precheck-data)|observe/page-timing)\\.ts$';

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `utils/${layer}/ may import only from ${LAYERS.slice(0, i).join(', ') || 'no other subsystem'}`,
  severity: 'error',
  from: { path: `^utils/${layer}/` },
  to: { path: `^utils/(${LAYERS.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No import cycles anywhere.', from: {}, to: { circular: true } },
    ...layerRules,
    {
      name: 'utils-stay-below-the-ui',
      severity: 'error',
      comment: 'Subsystems never import pages, components or entry points.',
      from: { path: '^utils/' },
      to: { path: '^(components|entrypoints)/' },
    },
    {
      name: 'components-use-pure-modules',
      severity: 'error',
      comment: 'Components get data and actions through props; at run time they use only pure modules (types are free).',
      from: { path: '^components/' },
      to: { path: '^utils/', pathNot: PURE_FOR_COMPONENTS, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pure-modules-never-touch-the-browser',
      severity: 'error',
      from: { path: PURE_FOR_COMPONENTS },
      to: { path: 'node_modules/(wxt/dist/browser|webextension-polyfill|@wxt-dev/browser)', reachable: true },
    },
    {
      name: 'components-never-import-entrypoints',
      severity: 'error',
      from: { path: '^components/' },
      to: { path: '^entrypoints/' },
    },
    {
      name: 'content-script-stays-small',
      severity: 'error',
      comment: 'The content script runs on every page: only the page scanner and the browser API, no schema library.',
      // blockpage-scan.ts is the content script, registered in the manifest as an unlisted script.
      from: { path: '^entrypoints/([^/]+\\.content|blockpage-scan)\\.ts$' },
      to: { pathNot: `${CONTENT_SCRIPT_MODULES}|wxt/`, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'content-script-modules-stay-small',
      severity: 'error',
      from: { path: CONTENT_SCRIPT_MODULES },
      to: { pathNot: CONTENT_SCRIPT_MODULES },
    },
    {
      name: 'collector-shares-only-the-protocol',
      severity: 'error',
      comment: 'The collector imports only the report modules it shares with the extension.',
      from: { path: '^collector/' },
      to: { path: '^(utils/(?!protocol/)|components/|entrypoints/)' },
    },
    {
      name: 'product-never-imports-tests',
      severity: 'error',
      from: { path: '^(utils|components|entrypoints|collector)/' },
      to: { path: '^(tests|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(\\.output|\\.wxt)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.json'],
    },
  },
};
