// Integration tests talk to real servers; jest 30 reads testTimeout only at the top level.
jest.setTimeout(120_000);
