// Integration suites talk to real Kafka, Keycloak and MongoDB: consumer group joins and service
// starts take seconds, so hooks and tests get a minute (the project-level testTimeout is ignored).
jest.setTimeout(60_000);
