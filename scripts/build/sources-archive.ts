/**
 * What WXT leaves out of the sources archive made with the Firefox package (WXT already leaves out
 * dot-files, node_modules, test files and the build output). The collector folder may hold a local
 * database of reports; tests and benchmarks are not needed to rebuild the extension.
 */
export const SOURCES_EXCLUDED = ['collector/**', 'tests/**', 'bench/**', 'test-results/**', 'bench-results/**'];
