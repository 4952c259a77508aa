// Two projects: `unit` (pure logic, no infrastructure) and `integration` (real Kafka, FerretDB,
// Redis and Keycloak, provisioned once by the global setup and shared by every suite).
const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swcTransform },
  moduleNameMapper: {
    // The same patterns as tsconfig.base.json's paths: the gateway, every service, every lib.
    '^@qingshui/app-gateway$': '<rootDir>/gateway/src/index.ts',
    '^@qingshui/app-([a-z]+)$': '<rootDir>/services/$1/src/index.ts',
    '^@qingshui/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,services,gateway,web}/**/src/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/{libs,services,gateway}/**/test/**/*.int-spec.ts',
        '<rootDir>/test/{e2e,infra}/**/*.spec.ts',
      ],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-setup.ts'],
      slowTestThreshold: 30,
    },
  ],
};
