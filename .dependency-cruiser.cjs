/**
 * The dependency rules of open1022 (`npm run -s deps`, run by CI): modules depend one way.
 * Type-only imports count: a cycle of types is a cycle of knowledge.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules depend one way: break a cycle with a port (interface) or a command.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core is pure domain logic: no I/O, no app code.',
      from: { path: '^src/core/' },
      to: { path: '^src/(?!core/)' },
    },
    {
      name: 'contract-is-node-free',
      severity: 'error',
      comment: 'src/contract is shared with the browser: zod, src/core and itself only.',
      from: { path: '^src/contract/' },
      to: { path: '^src/(?!core/|contract/)' },
    },
    {
      name: 'sip-and-media-are-libraries',
      severity: 'error',
      comment: 'voice/sip and voice/media import nothing from the app.',
      from: { path: '^src/voice/(sip|media)/' },
      to: { path: '^src/(?!voice/(sip|media)/)' },
    },
    {
      name: 'web-imports-only-contract-and-core',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^src/(?!core/|contract/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|data|\\.test-data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
