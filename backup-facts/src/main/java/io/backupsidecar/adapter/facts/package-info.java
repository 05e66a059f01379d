/**
 * Adapter ring, facts: {@link io.backupsidecar.domain.port.FactEmitter} implementations (a JSON
 * Lines sink for files and stdout, a fan-out), the redaction that makes a dry run's facts
 * comparable byte for byte with a real run's, and the facts JSON Schema ({@code facts.schema.json}
 * in this package's resources). Tests record facts with backup-domain's {@code RecordedFacts}, the
 * one recording emitter.
 */
package io.backupsidecar.adapter.facts;
