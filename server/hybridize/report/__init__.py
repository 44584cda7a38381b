"""Output formats of `hybridize check`: text for people, JSON (docs: CHECK-JSON), SARIF 2.1.0."""
